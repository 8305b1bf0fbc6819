package dev.cspwebsocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One socket: its identity, the client's messages waiting to be read, and the single way
 * to write to and close it. Thread-safe: reads wait on a lock, writes are serialized by
 * another, closing is idempotent and wakes every reader.
 *
 * @author csp-websocket-spring-boot
 */
final class Connection {

	private static final Log logger = LogFactory.getLog(Connection.class);

	private static final ReadResult TIMEOUT = new ReadResult.Timeout();

	private final String id;

	private final @Nullable String sessionId;

	private final Route route;

	private final @Nullable String subprotocol;

	private final SocketLimits limits;

	private final CspWebSockets sockets;

	private volatile @Nullable Handshake handshake;

	private volatile @Nullable WebSocketSession session;

	private ReadSuspension suspension = ReadSuspension.UNSUPPORTED;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final InboundMessages inbound = new InboundMessages();

	private volatile ReadResult.@Nullable Closed closed;

	private boolean suspended;

	private final ReentrantLock writeLock = new ReentrantLock();

	// Touched only by the container, which delivers one part at a time.
	private long messageBytes;

	private @Nullable String carriedHighSurrogate;

	Connection(String id, @Nullable String sessionId, Route route, Handshake handshake, SocketLimits limits,
			CspWebSockets sockets) {
		this.id = id;
		this.sessionId = sessionId;
		this.route = route;
		this.handshake = handshake;
		this.subprotocol = handshake.subprotocol();
		this.limits = limits;
		this.sockets = sockets;
	}

	String id() {
		return this.id;
	}

	String shownId() {
		return WebSocketIds.shown(this.id);
	}

	@Nullable String sessionId() {
		return this.sessionId;
	}

	@Nullable String subprotocol() {
		return this.subprotocol;
	}

	Route route() {
		return this.route;
	}

	Handshake handshake() {
		Handshake handshake = this.handshake;
		Assert.state(handshake != null, "The handshake is over");
		return handshake;
	}

	boolean isHandshaking() {
		return this.handshake != null;
	}

	/** The handshake is over: free the request data. */
	void handshakeDone() {
		this.handshake = null;
	}

	boolean isOpen() {
		return this.session != null && this.closed == null;
	}

	void opened(WebSocketSession session) {
		session.setTextMessageSizeLimit(this.limits.messageBufferSize());
		session.setBinaryMessageSizeLimit(this.limits.messageBufferSize());
		this.suspension = ReadSuspension.of(session);
		this.session = session;
	}

	/** A message part from the client; called by the container, one part at a time. */
	void received(WebSocketMessage<?> message) {
		if (this.closed != null) {
			return;
		}
		InboundMessages.Part part = toPart(message);
		if (part == null) {
			return;
		}
		this.messageBytes += part.bytes();
		boolean text = part instanceof InboundMessages.TextPart;
		long limit = text ? this.limits.maxTextMessageSize() : this.limits.maxBinaryMessageSize();
		if (this.messageBytes > limit) {
			close(new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
					(text ? "Text" : "Binary") + " message larger than " + limit + " bytes"));
			return;
		}
		if (part.last()) {
			this.messageBytes = 0;
		}
		boolean overflow = false;
		this.lock.lock();
		try {
			if (this.closed != null) {
				return;
			}
			this.inbound.add(part);
			this.changed.signalAll();
			if (!this.suspended && this.inbound.bytes() > this.limits.inboundBufferSize()) {
				this.suspended = this.suspension.suspend();
				overflow = !this.suspended;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (overflow) {
			close(new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(),
					"Inbound buffer full: the server did not read in time"));
		}
	}

	private InboundMessages.@Nullable Part toPart(WebSocketMessage<?> message) {
		if (message instanceof TextMessage textMessage) {
			String text = textMessage.getPayload();
			if (this.carriedHighSurrogate != null) {
				text = this.carriedHighSurrogate + text;
				this.carriedHighSurrogate = null;
			}
			boolean last = message.isLast();
			// Keep every part whole characters: a pair split by the container waits for
			// its
			// other half.
			if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
				this.carriedHighSurrogate = text.substring(text.length() - 1);
				text = text.substring(0, text.length() - 1);
			}
			return (text.isEmpty() && !last) ? null : new InboundMessages.TextPart(text, last, utf8Length(text));
		}
		if (message instanceof BinaryMessage binaryMessage) {
			// The container reuses its buffer once we return: copy.
			ByteBuffer payload = binaryMessage.getPayload();
			byte[] data = new byte[payload.remaining()];
			payload.get(data);
			return (data.length == 0 && !message.isLast()) ? null
					: new InboundMessages.BinaryPart(data, message.isLast());
		}
		return null;
	}

	ReadResult read(int maxLength, Duration timeout) {
		long nanos = saturatedNanos(timeout);
		this.lock.lock();
		try {
			while (this.inbound.isEmpty()) {
				ReadResult.Closed closed = this.closed;
				if (closed != null) {
					return closed;
				}
				if (nanos <= 0) {
					return TIMEOUT;
				}
				nanos = this.changed.awaitNanos(nanos);
			}
			ReadResult piece = this.inbound.take(maxLength);
			if (this.suspended && this.inbound.bytes() <= this.limits.inboundBufferSize() / 2) {
				this.suspended = false;
				this.suspension.resume();
			}
			return piece;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CspWebSocketException("Interrupted while reading from WebSocket " + shownId(), ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	void write(String text) {
		send(new TextMessage(text));
	}

	void write(byte[] data) {
		send(new BinaryMessage(data));
	}

	private void send(WebSocketMessage<?> message) {
		WebSocketSession session = this.session;
		Assert.state(session != null, "The socket is not open yet");
		this.writeLock.lock();
		try {
			ReadResult.Closed closed = this.closed;
			if (closed != null) {
				throw closedException(closed, null);
			}
			session.sendMessage(message);
		}
		catch (IOException | IllegalStateException ex) {
			ReadResult.Closed closed = this.closed;
			throw closedException((closed != null) ? closed : new ReadResult.Closed(1006, "Send failed"), ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private WebSocketClosedException closedException(ReadResult.Closed closed, @Nullable Throwable cause) {
		return new WebSocketClosedException(
				"WebSocket " + shownId() + " is closed (" + closed.code()
						+ (closed.reason().isEmpty() ? "" : " " + closed.reason()) + "): the message was not sent",
				closed.code(), cause);
	}

	void endServer() {
		close(CloseStatus.NORMAL);
	}

	/** Close from the server side; does nothing when already closed. */
	void close(CloseStatus status) {
		if (!markClosed(status)) {
			return;
		}
		WebSocketSession session = this.session;
		if (session != null) {
			try {
				session.close(status);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing WebSocket " + shownId() + " failed", ex);
			}
		}
	}

	/** The container reports the socket closed, by the client or by the network. */
	void closedByContainer(CloseStatus status) {
		markClosed(status);
	}

	private boolean markClosed(CloseStatus status) {
		this.lock.lock();
		try {
			if (this.closed != null) {
				return false;
			}
			this.closed = new ReadResult.Closed(status.getCode(),
					(status.getReason() != null) ? status.getReason() : "");
			this.changed.signalAll();
			if (this.suspended) {
				// Read on, so that the container sees the client's close reply.
				this.suspended = false;
				this.suspension.resume();
			}
		}
		finally {
			this.lock.unlock();
		}
		this.sockets.closed(this);
		return true;
	}

	private static long saturatedNanos(Duration timeout) {
		return (timeout.getSeconds() >= TimeUnit.NANOSECONDS.toSeconds(Long.MAX_VALUE)) ? Long.MAX_VALUE
				: timeout.toNanos();
	}

	static int utf8Length(String text) {
		int length = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

}
