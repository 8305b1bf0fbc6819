package dev.cspwebsocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.Assert;

/**
 * One socket: its identity and mode, the client's messages waiting to be read, the way
 * out to the client, and its close. Thread-safe: reads wait on a lock, writes go through
 * {@link Outbound}, closing is idempotent and wakes every reader and writer.
 *
 * @author csp-websocket-spring-boot
 */
final class Connection implements WebSocketServer, TransportListener, Outbound.Owner {

	/** The size of the fragments of a streamed message, in characters or bytes. */
	static final int FRAGMENT_SIZE = 16 * 1024;

	private static final Log logger = LogFactory.getLog(Connection.class);

	private static final ReadResult TIMEOUT = new ReadResult.Timeout();

	private static final CloseStatus GIVEN_UP = new CloseStatus(CloseStatus.SERVER_ERROR,
			"The socket opened after the server had given it up");

	private static final Duration CENTURY = Duration.ofDays(36_525);

	/** The characters measured at a time by {@link #utf8Length}. */
	private static final int UTF8_CHUNK = 16 * 1024;

	private final String id;

	private final long createdNanos = System.nanoTime();

	private final @Nullable TiedSession tiedSession;

	private final Route route;

	private final @Nullable Principal principal;

	private final @Nullable String remoteAddress;

	private final HandshakeSecurityContext securityContext;

	private final @Nullable String subprotocol;

	private final SocketLimits limits;

	private final CspWebSockets sockets;

	private final Outbound outbound;

	private volatile @Nullable Handshake handshake;

	// The request's own session object, for onPreServer().
	private volatile @Nullable HttpSession requestSession;

	private volatile boolean sessionEndOnClose;

	private volatile boolean shared;

	private volatile @Nullable Transport transport;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final InboundMessages inbound = new InboundMessages();

	private volatile ReadResult.@Nullable Closed closed;

	private volatile CloseReason closeReason = CloseReason.OTHER;

	// 0 new, 1 its opening told to the listeners, 2 closed before that: so that they
	// hear of a close exactly when they heard of the opening.
	private final AtomicInteger announced = new AtomicInteger();

	private volatile Instant openedAt = Instant.now();

	private volatile long openedNanos = System.nanoTime();

	// Written by the container, which delivers one part at a time.
	private volatile long messagesIn;

	private volatile long bytesIn;

	// Written by the one thread that owns the way out at a time.
	private volatile long messagesOut;

	private volatile long bytesOut;

	private boolean suspended;

	/**
	 * The reader part-way through the message at the head of the queue: a thread, or a
	 * reader on another node of the cluster.
	 */
	private @Nullable Object messageReader;

	/**
	 * Set while a piece read {@code held} is on its way to a reader on another node: no
	 * reader takes anything until it is settled, that reader included.
	 */
	private boolean handingOver;

	/** The reader of the piece being handed over has gone for good meanwhile. */
	private boolean handOverReaderGone;

	/**
	 * Readers waiting, and the least length any of them asked for since none was waiting.
	 */
	private int waitingReaders;

	private int smallestWanted = Integer.MAX_VALUE;

	/** Whether a deadline of a waiting reader is filed with the read timer, and which. */
	private boolean deadlineFiled;

	private long filedDeadline;

	// Held here, as the read timer holds it weakly: it lives as long as the socket.
	private final LongConsumer readDeadlineListener = this::readDeadlineCame;

	/** Whole messages handed to {@code onClientMessage()} and not yet back. */
	private int dispatchedMessages;

	private long dispatchedBytes;

	private volatile long lastActivityNanos = System.nanoTime();

	private volatile long lastClientMessageNanos = System.nanoTime();

	private volatile long lastPingNanos = System.nanoTime();

	// Set while a ping has been queued and not answered; pingSentNanos once it is out.
	private volatile boolean awaitingPong;

	private volatile long pingSentNanos;

	private volatile long readingResumedNanos;

	private volatile @Nullable SharedServer sharedServer;

	// The thread of a dedicated server().
	private volatile @Nullable Thread serverThread;

	// Set once the socket is served in shared mode by a server that consumes messages.
	private volatile @Nullable ClientMessages clientMessages;

	// Touched only by the container, which delivers one part at a time.
	private long messageBytes;

	private @Nullable String carriedHighSurrogate;

	/**
	 * Create the socket of a handshake; called on the handshake's request thread, whose
	 * security context it keeps for a dedicated server.
	 */
	Connection(String id, Route route, Handshake handshake, @Nullable HttpSession requestSession,
			@Nullable TiedSession tiedSession, SocketLimits limits, CspWebSockets sockets) {
		this.id = id;
		this.tiedSession = tiedSession;
		this.route = route;
		this.principal = handshake.principal();
		this.remoteAddress = (handshake.remoteAddress() != null)
				? handshake.remoteAddress().getHostString() + ":" + handshake.remoteAddress().getPort() : null;
		this.securityContext = HandshakeSecurityContext.capture();
		this.handshake = handshake;
		this.requestSession = requestSession;
		this.subprotocol = handshake.subprotocol();
		this.limits = limits;
		this.sockets = sockets;
		this.outbound = new Outbound(this, limits, sockets.senders());
	}

	@Override
	public String webSocketId() {
		return this.id;
	}

	@Override
	public String shownId() {
		return WebSocketIds.shown(this.id);
	}

	@Override
	public @Nullable String sessionId() {
		return (this.tiedSession != null) ? this.tiedSession.id() : null;
	}

	@Nullable TiedSession tiedSession() {
		return this.tiedSession;
	}

	/** The HTTP session: the request's during the handshake, then as its store has it. */
	@Nullable HttpSession httpSession() {
		if (isHandshaking()) {
			return this.requestSession;
		}
		Assert.state(!this.shared,
				() -> "httpSession() is not available on shared-connection WebSocket " + shownId()
						+ ": a shared socket is detached from its HTTP session and keeps only its id (sessionId()); "
						+ "read what it needs from the session in onPreServer()");
		return (this.tiedSession != null) ? this.tiedSession.httpSession() : null;
	}

	/** The handshake's authenticated user. */
	@Nullable Principal principal() {
		Assert.state(isHandshaking() || !this.shared,
				() -> "principal() is not available on shared-connection " + "WebSocket " + shownId()
						+ ": a shared socket is detached from the security context of its HTTP "
						+ "session; read the principal from handshake() in onPreServer()");
		return this.principal;
	}

	HandshakeSecurityContext securityContext() {
		return this.securityContext;
	}

	void setSessionEndOnClose(boolean sessionEndOnClose) {
		this.sessionEndOnClose = sessionEndOnClose;
	}

	boolean isSessionEndOnClose() {
		return this.sessionEndOnClose;
	}

	@Override
	public @Nullable String subprotocol() {
		return this.subprotocol;
	}

	@Override
	public String application() {
		return this.route.application();
	}

	@Override
	public String serverClass() {
		return this.route.serverClass().name();
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

	/** The handshake is over: free the request data; the mode is settled. */
	void handshakeDone() {
		this.handshake = null;
		this.requestSession = null;
	}

	void setSharedConnection(boolean shared) {
		Assert.state(isHandshaking(), "setSharedConnection() is allowed in onPreServer() only: "
				+ "the mode of a socket is settled when its handshake ends");
		this.shared = shared;
	}

	@Override
	public boolean isSharedConnection() {
		return this.shared;
	}

	@Override
	public boolean isOpen() {
		return this.transport != null && this.closed == null;
	}

	boolean hasClosed() {
		return this.closed != null;
	}

	/** When the handshake made this socket. */
	long createdNanos() {
		return this.createdNanos;
	}

	@Override
	public void opened(Transport transport) {
		this.openedNanos = System.nanoTime();
		this.openedAt = Instant.now();
		this.lastActivityNanos = this.openedNanos;
		this.outbound.opened(transport);
		this.transport = transport;
		CspWebSocket server = this.sockets.opened(this);
		if (server == null) {
			// Given up on, its upgrade failed or too slow: its server has ended.
			close(GIVEN_UP);
			return;
		}
		this.sockets.serve(server, this);
	}

	/**
	 * The socket is served in shared mode: its server's callbacks run on
	 * {@code serverTasks}, and whole client messages go to its {@code onClientMessage()}
	 * first when it has one.
	 */
	void servedOn(CspWebSocket server, SerialExecutor serverTasks) {
		SharedServer shared = new SharedServer(server, serverTasks);
		this.sharedServer = shared;
		if (server.consumesClientMessages()) {
			this.clientMessages = new ClientMessages(shared);
		}
	}

	/** The server and tasks of a shared socket, once served. */
	@Nullable SharedServer sharedServer() {
		return this.sharedServer;
	}

	/** Ends the socket when it has seen no traffic for the idle timeout. */
	void expireIfIdle() {
		Duration idleTimeout = this.limits.idleTimeout();
		if (this.shared && idleNanos() >= idleTimeout.toNanos()) {
			closeCounted(
					new CloseStatus(CloseStatus.GOING_AWAY,
							"Idle timeout: no traffic for " + idleTimeout.toMillis() + " ms"),
					CloseReason.IDLE, this.sockets::idleExpired);
		}
	}

	/**
	 * Ping the client when a ping is due, and end the socket when the client has not
	 * answered the last one in time. Reading paused by the server does not count against
	 * the client: the answer may be waiting, unread.
	 */
	void heartbeat(long now, Heartbeat heartbeat) {
		if (this.closed != null || this.transport == null) {
			return;
		}
		if (this.awaitingPong) {
			long sent = this.pingSentNanos;
			// A client message after the ping shows the client alive: a pong may queue
			// behind it. Sends do not: they complete into the network buffer of a gone
			// client too.
			long since = Math.max(sent, Math.max(this.lastClientMessageNanos, this.readingResumedNanos));
			if (sent != 0 && now - since > heartbeat.pongTimeout().toNanos() && !isReadingPaused()) {
				close(new CloseStatus(CloseStatus.GOING_AWAY,
						"Pong timeout: no answer to a ping within " + heartbeat.pongTimeout().toMillis() + " ms"),
						CloseReason.PONG_TIMEOUT, false);
			}
		}
		else if (now - this.lastPingNanos >= heartbeat.pingInterval().toNanos()) {
			this.lastPingNanos = now;
			this.pingSentNanos = 0;
			this.awaitingPong = true;
			if (!this.outbound.offer(new Outgoing.Ping())) {
				// Closed, or the send buffer is full, which the send-time limit watches.
				this.awaitingPong = false;
			}
		}
	}

	@Override
	public void frameSent(Outgoing frame) {
		if (frame instanceof Outgoing.Ping) {
			// Heartbeats are not traffic: they keep no idle socket or session alive.
			this.pingSentNanos = System.nanoTime();
		}
		else {
			active();
		}
	}

	private boolean isReadingPaused() {
		this.lock.lock();
		try {
			return this.suspended;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void pong() {
		this.awaitingPong = false;
	}

	@Override
	public void text(String part, boolean last) {
		String text = part;
		if (this.carriedHighSurrogate != null) {
			text = this.carriedHighSurrogate + text;
			this.carriedHighSurrogate = null;
		}
		// Keep every part whole characters: a pair split by the container waits for its
		// other half.
		if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
			this.carriedHighSurrogate = text.substring(text.length() - 1);
			text = text.substring(0, text.length() - 1);
		}
		if (!text.isEmpty() || last) {
			received(new InboundMessages.TextPart(text, last, utf8Length(text)));
		}
	}

	@Override
	public void binary(ByteBuffer part, boolean last) {
		// The container reuses its buffer once we return: copy.
		byte[] data = new byte[part.remaining()];
		part.get(data);
		if (data.length > 0 || last) {
			received(new InboundMessages.BinaryPart(data, last));
		}
	}

	/** A message part from the client; called by the container, one part at a time. */
	private void received(InboundMessages.Part part) {
		if (this.closed != null) {
			return;
		}
		active();
		this.lastClientMessageNanos = this.lastActivityNanos;
		this.messageBytes += part.bytes();
		this.bytesIn += part.bytes();
		boolean text = part instanceof InboundMessages.TextPart;
		long limit = text ? this.limits.maxTextMessageSize() : this.limits.maxBinaryMessageSize();
		if (this.messageBytes > limit) {
			close(new CloseStatus(CloseStatus.TOO_BIG,
					(text ? "Text" : "Binary") + " message larger than " + limit + " bytes"));
			return;
		}
		long wholeMessageBytes = this.messageBytes;
		if (part.last()) {
			this.messageBytes = 0;
			this.messagesIn++;
			this.sockets.messageReceived(!text, wholeMessageBytes);
		}
		ClientMessages clientMessages = this.clientMessages;
		if (clientMessages != null) {
			clientMessages.received(part, wholeMessageBytes);
			return;
		}
		CloseStatus overflow;
		this.lock.lock();
		try {
			if (this.closed != null) {
				return;
			}
			this.inbound.add(part);
			overflow = checkInbound();
			// Readers wake for a piece worth taking: the message's end, as much as the
			// least of them asks for, or all there is once reading from the client
			// pauses.
			if (part.last() || this.suspended || this.inbound.hasPiece(this.smallestWanted)) {
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (overflow != null) {
			if (this.shared) {
				closeCounted(overflow, CloseReason.QUEUE_OVERFLOW, this.sockets::queueOverflowed);
			}
			else {
				close(overflow);
			}
		}

	}

	/**
	 * Holds the inbound queue to its limits: a shared socket is closed past them, a
	 * dedicated one pauses reading from the client. Called under the lock.
	 * @return the status to close the socket with, or {@code null} to carry on
	 */
	private @Nullable CloseStatus checkInbound() {
		if (this.shared) {
			int messages = this.inbound.messages() + this.dispatchedMessages;
			long bytes = this.inbound.bytes() + this.dispatchedBytes;
			if (messages > this.limits.maxQueuedMessages() || bytes > this.limits.maxQueuedBytes()) {
				return new CloseStatus(CloseStatus.POLICY_VIOLATION,
						"Inbound queue full: more than " + this.limits.maxQueuedMessages() + " messages or "
								+ this.limits.maxQueuedBytes() + " bytes unread");
			}
			return null;
		}
		if (!this.suspended && this.inbound.bytes() > this.limits.inboundBufferSize()) {
			this.suspended = transport().pauseReading();
			if (!this.suspended) {
				return new CloseStatus(CloseStatus.POLICY_VIOLATION,
						"Inbound buffer full: the server did not read in time");
			}
		}
		return null;
	}

	@Override
	public ReadResult read(Duration timeout) {
		return read(DEFAULT_READ_LENGTH, timeout);
	}

	@Override
	public ReadResult read(int maxLength, Duration timeout) {
		return read(maxLength, timeout, Thread.currentThread(), false);
	}

	/**
	 * Read for a reader: once it has taken a piece of a message, the rest of that message
	 * goes to it only.
	 * @param held whether the queue stays the reader's after the last piece of a message
	 * too, until {@link #settle}: a reader on another node has yet to get the piece
	 */
	ReadResult read(int maxLength, Duration timeout, Object reader, boolean held) {
		Assert.isTrue(maxLength > 0, () -> "maxLength must be at least 1, was " + maxLength);
		Assert.isTrue(!timeout.isNegative(), "timeout must not be negative");
		ClientMessages clientMessages = this.clientMessages;
		Assert.state(clientMessages == null || !clientMessages.shared.tasks().isRunningHere(),
				"read() in a callback of a server with onClientMessage() would wait for itself: its messages "
						+ "reach read() only after onClientMessage() returns; read from another thread, "
						+ "or handle them in onClientMessage()");
		long deadline = System.nanoTime() + saturatedNanos(timeout);
		ReadTimer timer = this.sockets.readTimer();
		this.lock.lock();
		try {
			while (true) {
				// A message part-way read belongs to its reader until its end.
				boolean mine = !this.handingOver && !this.inbound.isEmpty()
						&& (this.messageReader == null || this.messageReader.equals(reader));
				// Part of a message is taken once no more of it will come soon.
				if (mine && (this.inbound.hasPiece(maxLength) || this.suspended || this.closed != null)) {
					break;
				}
				ReadResult.Closed closed = this.closed;
				if (closed != null && this.inbound.isEmpty() && this.dispatchedMessages == 0 && !this.handingOver) {
					return closed;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					if (mine) {
						break;
					}
					this.sockets.readTimedOut();
					return TIMEOUT;
				}
				awaitChange(deadline, left, maxLength, timer);
			}
			ReadResult.Message piece = this.inbound.take(maxLength);
			boolean released = piece.atEnd() && !held;
			this.messageReader = released ? null : reader;
			this.handingOver = held;
			if (released) {
				this.changed.signalAll();
			}
			if (this.suspended && this.inbound.bytes() <= this.limits.inboundBufferSize() / 2) {
				this.suspended = false;
				this.readingResumedNanos = System.nanoTime();
				transport().resumeReading();
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

	/**
	 * Wait for a change, at most until {@code deadline}, as a reader that wants
	 * {@code maxLength} units; called under the lock.
	 */
	private void awaitChange(long deadline, long left, int maxLength, ReadTimer timer) throws InterruptedException {
		this.waitingReaders++;
		this.smallestWanted = Math.min(this.smallestWanted, maxLength);
		try {
			if (left < ReadTimer.MIN_TIMEOUT_NANOS || !timer.isTurning()) {
				this.changed.awaitNanos(left);
			}
			else {
				// One deadline filed serves every later read that ends after it: when it
				// comes, a reader still waiting files its own.
				if (!this.deadlineFiled || this.filedDeadline - deadline > 0) {
					this.deadlineFiled = true;
					this.filedDeadline = deadline;
					timer.file(deadline, this.readDeadlineListener);
				}
				this.changed.await();
			}
		}
		finally {
			if (--this.waitingReaders == 0) {
				this.smallestWanted = Integer.MAX_VALUE;
			}
		}
	}

	/**
	 * Whether a reader is part-way through a message: no other reader can take a piece
	 * until it has read to the message's end.
	 */
	boolean isReadingMessage(Object reader) {
		this.lock.lock();
		try {
			return reader.equals(this.messageReader);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Settle a piece read {@code held}: when it reached its reader, the queue is free
	 * again after a message's last piece; when it did not, the piece goes back to the
	 * head of the queue, for the next read.
	 * @param continued whether the reader was part-way through the message before it took
	 * the piece: the message stays its own then
	 */
	void settle(ReadResult.Message piece, Object reader, boolean continued, boolean delivered) {
		this.lock.lock();
		try {
			if (delivered) {
				this.messageReader = piece.atEnd() ? null : reader;
			}
			else {
				this.inbound.unread(piece);
				this.messageReader = continued ? reader : null;
			}
			if (this.handOverReaderGone && this.messageReader != null) {
				// Its reader will not come back for the rest of the message.
				this.inbound.dropRestOfMessage();
				this.messageReader = null;
			}
			this.handingOver = false;
			this.handOverReaderGone = false;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A reader has gone for good (its node has left the cluster): free the queue from it,
	 * dropping the rest of the message it was part-way through, which no other reader
	 * could make whole.
	 * @return whether the reader was part-way through a message
	 */
	boolean readerGone(Predicate<Object> gone) {
		this.lock.lock();
		try {
			Object reader = this.messageReader;
			if (reader == null || !gone.test(reader)) {
				return false;
			}
			if (this.handingOver) {
				// settle() decides, once it knows whether the piece got there.
				this.handOverReaderGone = true;
				return true;
			}
			this.inbound.dropRestOfMessage();
			this.messageReader = null;
			this.changed.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void write(String text) {
		this.outbound.send(new Outgoing.Text(text, true), text.length(), isServerThread());
	}

	@Override
	public void write(byte[] data) {
		this.outbound.send(new Outgoing.Binary(data, true), data.length, isServerThread());
	}

	/** A dedicated server's {@code server()} runs on the calling thread from now on. */
	void servedHere() {
		this.serverThread = Thread.currentThread();
	}

	/**
	 * Whether the caller is this socket's own server: its dedicated {@code server()}
	 * thread, or a callback of its shared server.
	 */
	private boolean isServerThread() {
		SharedServer shared = this.sharedServer;
		return (shared != null) ? shared.tasks().isRunningHere() : this.serverThread == Thread.currentThread();
	}

	@Override
	public void write(Reader text) throws IOException {
		char[] buffer = new char[FRAGMENT_SIZE];
		int[] carried = new int[1];
		this.outbound.stream(() -> {
			int length = carried[0];
			int read = 0;
			while (length < FRAGMENT_SIZE && (read = text.read(buffer, length, FRAGMENT_SIZE - length)) >= 0) {
				length += read;
			}
			boolean last = read < 0;
			// Never split a surrogate pair between two fragments.
			carried[0] = (!last && Character.isHighSurrogate(buffer[length - 1])) ? 1 : 0;
			Outgoing fragment = new Outgoing.Text(new String(buffer, 0, length - carried[0]), last);
			if (carried[0] == 1) {
				buffer[0] = buffer[length - 1];
			}
			return fragment;
		});
	}

	@Override
	public void write(InputStream data) throws IOException {
		this.outbound.stream(() -> {
			byte[] fragment = data.readNBytes(FRAGMENT_SIZE);
			// A short read is the end of the stream.
			return new Outgoing.Binary(fragment, fragment.length < FRAGMENT_SIZE);
		});
	}

	@Override
	public WebSocketClosedException closedException(@Nullable Throwable cause) {
		ReadResult.Closed closed = this.closed;
		if (closed == null) {
			closed = new ReadResult.Closed(CloseStatus.SERVER_ERROR, "Send failed");
		}
		return new WebSocketClosedException(
				"WebSocket " + shownId() + " is closed (" + closed.code()
						+ (closed.reason().isEmpty() ? "" : " " + closed.reason()) + "): the message was not sent",
				closed.code(), cause);
	}

	@Override
	public void messageSent(boolean binary, long bytes) {
		this.messagesOut++;
		this.bytesOut += bytes;
		this.sockets.messageSent(binary, bytes);
	}

	/** What the socket is and has done, now. */
	WebSocketInfo info() {
		Principal principal = this.principal;
		return new WebSocketInfo(this.id, application(), serverClass(), this.shared, isOpen(), this.subprotocol,
				this.remoteAddress, this.openedAt,
				this.openedAt.plusNanos(Math.max(0, this.lastActivityNanos - this.openedNanos)), this.messagesIn,
				this.bytesIn, this.messagesOut, this.bytesOut, inboundQueued(), outboundBuffered(), sessionId(),
				(principal != null) ? principal.getName() : null, this.sockets.nodeId());
	}

	/**
	 * Client messages waiting to be read, or on their way to {@code onClientMessage()}.
	 */
	int inboundQueued() {
		this.lock.lock();
		try {
			return this.inbound.messages() + this.dispatchedMessages;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Bytes accepted for sending and not yet sent. */
	long outboundBuffered() {
		return this.outbound.bufferedBytes();
	}

	/** How long the socket has been, or was, open. */
	Duration lifetime() {
		return Duration.ofNanos(System.nanoTime() - this.openedNanos);
	}

	CloseReason closeReason() {
		return this.closeReason;
	}

	/**
	 * @return whether the listeners are to hear of the opening
	 */
	boolean announceOpening() {
		return this.announced.compareAndSet(0, 1);
	}

	/**
	 * @return whether the listeners are to hear of the close
	 */
	boolean announceClose() {
		return this.announced.getAndSet(2) == 1;
	}

	/** There was traffic, either way. */
	void active() {
		this.lastActivityNanos = System.nanoTime();
	}

	/** When the client last sent data: what keeps an HTTP session alive. */
	long lastClientMessageNanos() {
		return this.lastClientMessageNanos;
	}

	private long idleNanos() {
		return System.nanoTime() - this.lastActivityNanos;
	}

	@Override
	public void sendFailed(Throwable failure) {
		if (NestedExceptionUtils.getRootCause(failure) instanceof SocketTimeoutException
				|| failure instanceof SocketTimeoutException) {
			slowConsumer();
		}
		else {
			close(new CloseStatus(CloseStatus.SERVER_ERROR, "Send failed"));
		}
	}

	@Override
	public void slowConsumer() {
		closeCounted(slowConsumerStatus(), CloseReason.SLOW_CONSUMER, this.sockets::slowConsumer);
	}

	private CloseStatus slowConsumerStatus() {
		return new CloseStatus(CloseStatus.POLICY_VIOLATION,
				"Slow consumer: the client took nothing for " + this.limits.sendTimeLimit().toMillis() + " ms");
	}

	@Override
	public void endServer() {
		close(CloseStatus.NORMAL);
	}

	/**
	 * Close from the server side, once the message being sent is out; the close frame
	 * goes from a sender thread.
	 * @return {@code true} if this call closed the socket, {@code false} if it was closed
	 * already
	 */
	@Override
	public boolean close(CloseStatus status) {
		return close(status, CloseReason.of(status.code()), false);
	}

	/**
	 * Close from the server side, once the message being sent is out.
	 * @param reason the class of the close, for meters
	 * @param fromCaller whether to send the close frame from this thread when nothing is
	 * being sent: it then goes before whatever this thread does next
	 * @return {@code true} if this call closed the socket, {@code false} if it was closed
	 * already
	 */
	boolean close(CloseStatus status, CloseReason reason, boolean fromCaller) {
		if (!markClosed(status, reason)) {
			return false;
		}
		this.outbound.close(status, fromCaller);
		return true;
	}

	/**
	 * Close from the server side because a limit was passed, counting it before the
	 * client can see the close.
	 */
	private void closeCounted(CloseStatus status, CloseReason reason, BiConsumer<Connection, CloseStatus> count) {
		if (markClosed(status, reason)) {
			count.accept(this, status);
			this.outbound.close(status, false);
		}
	}

	/** The container reports the socket closed, by the client or by the network. */
	@Override
	public void closed(int code, String reason) {
		// A container ends a send stuck past the send-time limit with an abnormal close.
		boolean slowConsumer = code == CloseStatus.NO_CLOSE_FRAME && this.outbound.stalled();
		CloseStatus recorded = slowConsumer ? slowConsumerStatus() : new CloseStatus(code, reason);
		if (markClosed(recorded, slowConsumer ? CloseReason.SLOW_CONSUMER : CloseReason.of(code))) {
			this.outbound.closed();
			if (slowConsumer) {
				this.sockets.slowConsumer(this, recorded);
			}
		}
	}

	private boolean markClosed(CloseStatus status, CloseReason reason) {
		this.lock.lock();
		try {
			if (this.closed != null) {
				return false;
			}
			this.closeReason = reason;
			this.closed = status.asReadResult();
			this.changed.signalAll();
			if (this.suspended) {
				// Read on, so that the container sees the client's close reply.
				this.suspended = false;
				transport().resumeReading();
			}
		}
		finally {
			this.lock.unlock();
		}
		this.sockets.closed(this);
		return true;
	}

	private Transport transport() {
		Transport transport = this.transport;
		Assert.state(transport != null, "The socket is not open yet");
		return transport;
	}

	/** The timeout in nanoseconds, at most a century: a deadline must fit in a long. */
	private static long saturatedNanos(Duration timeout) {
		return timeout.compareTo(CENTURY) >= 0 ? CENTURY.toNanos() : timeout.toNanos();
	}

	/**
	 * The deadline filed with the {@link ReadTimer} has come: wake the readers, so that
	 * those whose own deadline has come return and the others file theirs.
	 */
	void readDeadlineCame(long deadline) {
		this.lock.lock();
		try {
			// An older filing, overtaken by an earlier deadline, wakes no one.
			if (this.deadlineFiled && this.filedDeadline == deadline) {
				this.deadlineFiled = false;
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The UTF-8 size of a text. The JDK encodes ASCII with vector instructions, ten times
	 * faster than a loop over the characters; a long text goes in chunks, so that it is
	 * never copied whole.
	 */
	static int utf8Length(String text) {
		int length = 0;
		int from = 0;
		while (from < text.length()) {
			int to = Math.min(text.length(), from + UTF8_CHUNK);
			if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
				// A pair split between chunks would count as two unpaired halves.
				to--;
			}
			length += text.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
			from = to;
		}
		return length;
	}

	/**
	 * The server object of a shared socket and the tasks its callbacks run as.
	 */
	record SharedServer(CspWebSocket server, SerialExecutor tasks) {
	}

	/**
	 * Whole client messages on their way to {@code onClientMessage()}: put together from
	 * their parts by the container, handed one at a time, in order, to the server's tasks
	 * on the shared pool; those it does not consume join the queue for {@code read()}.
	 */
	private final class ClientMessages {

		private final SharedServer shared;

		// Touched only by the container, which delivers one part at a time.
		private InboundMessages.@Nullable Piece message;

		ClientMessages(SharedServer shared) {
			this.shared = shared;
		}

		void received(InboundMessages.Part part, long wholeMessageBytes) {
			InboundMessages.Piece message = (this.message != null) ? this.message : part.newPiece();
			message.append(part, 0, part.length());
			this.message = part.last() ? null : message;
			if (!part.last()) {
				return;
			}
			ReadResult.Message whole = message.result(true);
			long bytes = wholeMessageBytes + InboundMessages.PART_OVERHEAD;
			CloseStatus overflow;
			boolean here;
			Connection.this.lock.lock();
			try {
				if (Connection.this.closed != null) {
					return;
				}
				Connection.this.dispatchedMessages++;
				Connection.this.dispatchedBytes += bytes;
				overflow = checkInbound();
				// A container on virtual threads can run the callback itself, which
				// spares a
				// hand-off per message, when the socket has no callback running or
				// waiting.
				here = overflow == null && VirtualThreads.isCurrent() && this.shared.tasks().claim();
				// Under the lock, so that no close slips in before it: the message is
				// delivered before onPostServer(), even when it overflows the queue.
				if (!here) {
					this.shared.tasks().execute(() -> deliver(whole, bytes));
				}
			}
			finally {
				Connection.this.lock.unlock();
			}
			if (here) {
				this.shared.tasks().runClaimed(() -> deliver(whole, bytes));
			}
			if (overflow != null) {
				closeCounted(overflow, CloseReason.QUEUE_OVERFLOW, Connection.this.sockets::queueOverflowed);
			}

		}

		private void deliver(ReadResult.Message message, long bytes) {
			boolean consumed = false;
			try {
				consumed = this.shared.server().onClientMessage(message);
			}
			catch (Throwable ex) {
				logger.error("onClientMessage() of " + Connection.this.route + " failed on WebSocket " + shownId()
						+ "; closing it with 1011", ex);
				close(new CloseStatus(CloseStatus.SERVER_ERROR, "Internal server error"));
			}
			Connection.this.lock.lock();
			try {
				Connection.this.dispatchedMessages--;
				Connection.this.dispatchedBytes -= bytes;
				if (!consumed) {
					Connection.this.inbound.add(InboundMessages.Part.of(message));
				}
				Connection.this.changed.signalAll();
			}
			finally {
				Connection.this.lock.unlock();
			}
		}

	}

}
