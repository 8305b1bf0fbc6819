package dev.cspwebsocket.engine;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;

/**
 * A resumable socket's way to its client, across the connections it has over its life:
 * what the socket's {@link Connection} sees as its one transport. It keeps every message
 * it sends until the client acknowledges it; while the socket is away (its connection
 * dropped without a close) it keeps what is written, bounded, and answers pings itself; a
 * resume ({@link #resume}) takes a new connection, tells the client how many of its
 * messages arrived and sends again what the client missed. Past the grace period, or once
 * a close begins, the socket ends as any other.
 * <p>
 * A send that fails, with an {@link IOException} or with the container's exception for a
 * closed connection, means the connection is lost: what was sent stays kept.
 * <p>
 * Thread-safe: one lock, held while a part goes to the connection, so that parts, control
 * messages and a replay go out one at a time and in order; the socket is never told
 * anything under it.
 *
 * @author csp-websocket-spring-boot
 */
final class ResumableTransport implements Transport {

	private final String webSocketId;

	private final String secret;

	private final TransportListener socket;

	private final long graceNanos;

	/** Where resumes and expiries are counted. */
	private final SocketLifecycle counts;

	private final long bufferSize;

	private volatile boolean holdsCloseAnswer;

	private volatile boolean pausesForAnswers;

	private final ReentrantLock lock = new ReentrantLock();

	/** The client's whole messages received, over every connection. */
	private final AtomicLong received = new AtomicLong();

	/** The current connection, {@code null} while away or once ended. */
	private volatile @Nullable Transport connection;

	/** The link of the current connection; only its events count. */
	private volatile @Nullable ResumeLink link;

	private final ArrayDeque<Part> unacknowledged = new ArrayDeque<>();

	private long unacknowledgedSize;

	/** Whole messages sent or kept while away. */
	private long sent;

	/** Of {@link #sent}, how many the client has acknowledged. */
	private long acknowledged;

	/** What the last acknowledgement to the client said. */
	private volatile long acknowledgedToClient;

	/** A part of a message went, not yet its last: no control message may go now. */
	private boolean inMessage;

	/** The message's first character has not gone yet (its parts so far are empty). */
	private boolean firstCharacterPending = true;

	private long awaySinceNanos;

	private @Nullable Instant awaySince;

	/** More than the buffer is unacknowledged: the socket ends as a slow consumer. */
	private volatile boolean overflowed;

	/** The hello has not gone yet. */
	private boolean helloPending;

	/** The link of the connection on which a close began: its end is the socket's. */
	private @Nullable ResumeLink closingLink;

	/** A close has begun, or the socket has ended: no longer resumable. */
	private boolean ending;

	ResumableTransport(String webSocketId, TransportListener socket, Duration grace, long bufferSize,
			SocketLifecycle counts) {
		this.webSocketId = webSocketId;
		this.counts = counts;
		this.secret = SocketIds.next();
		this.socket = socket;
		this.graceNanos = grace.toNanos();
		this.bufferSize = bufferSize;
	}

	// The links' side

	/**
	 * The first connection is open. The hello, which tells the client the id and the
	 * secret, goes before anything else, but only once the socket is registered
	 * ({@link #hello()}), so that a client who has it can find the socket.
	 */
	void opened(ResumeLink first, Transport connection) {
		this.lock.lock();
		try {
			this.holdsCloseAnswer = connection.holdsCloseAnswer();
			this.pausesForAnswers = connection.pausesForAnswers();
			this.connection = connection;
			this.link = first;
			this.helloPending = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The socket is registered: the hello goes, unless a first write took it along. */
	void hello() {
		this.lock.lock();
		try {
			sayHelloIfPending();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isCurrent(ResumeLink link) {
		return this.link == link;
	}

	/** A whole message of the client's has come; acknowledged every so often. */
	void received() {
		long received = this.received.incrementAndGet();
		// Not behind a send in progress: the sender acknowledges after its part then.
		if (received - this.acknowledgedToClient >= ResumeProtocol.ACK_EVERY && this.lock.tryLock()) {
			try {
				acknowledgeIfDue();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * The client has received {@code count} of the socket's messages.
	 * @return {@code false} when that cannot be
	 */
	boolean acknowledged(long count) {
		this.lock.lock();
		try {
			return forget(count);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The connection of {@code link} has dropped without a close: the socket is away.
	 * @return {@code false} when it was not the current one, or a close had begun: the
	 * socket ends as any other
	 */
	boolean lost(ResumeLink link) {
		this.lock.lock();
		try {
			if (this.link != link || this.ending) {
				return false;
			}
			markAway();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A close has begun on {@code link}'s connection (the client's close frame, or a
	 * protocol error): that ends the socket, whatever comes next.
	 */
	void closeBegun(ResumeLink link) {
		this.lock.lock();
		try {
			this.ending = true;
			this.closingLink = link;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The container reports {@code link}'s connection closed with {@code code}.
	 * @return whether the socket hears of it: the close it or its client began, or a
	 * close frame on the current connection; not a drop that leaves it away, nor the end
	 * of a connection it has left
	 */
	boolean connectionClosed(ResumeLink link, int code) {
		this.lock.lock();
		try {
			if (link == this.closingLink) {
				return true;
			}
			if (link != this.link) {
				return false;
			}
			if (code == CloseStatus.NO_CLOSE_FRAME || code == ResumeProtocol.BE_RIGHT_BACK) {
				return !lost(link);
			}
			this.ending = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A client resumes the socket on {@code link}'s connection, having received
	 * {@code clientReceived} of its messages.
	 * @return why it is refused, or {@code null} when the socket goes on there
	 */
	@Nullable String resume(ResumeLink link, Transport connection, String secret, long clientReceived) {
		Transport previous;
		this.lock.lock();
		try {
			if (this.ending) {
				return "the socket has ended";
			}
			if (!MessageDigest.isEqual(this.secret.getBytes(StandardCharsets.US_ASCII),
					secret.getBytes(StandardCharsets.US_ASCII))) {
				return "wrong secret";
			}
			if (clientReceived < this.acknowledged || clientReceived > this.sent) {
				return "the client's count " + clientReceived + " is not between " + this.acknowledged + " and "
						+ this.sent;
			}
			// Counted before the client can hear of it.
			this.counts.resumed();
			previous = this.connection;
			this.connection = connection;
			this.link = link;
			this.awaySince = null;
			forget(clientReceived);
			long received = this.received.get();
			if (send(ResumeProtocol.resumed(received))) {
				this.acknowledgedToClient = received;
				replay();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (previous != null) {
			// A connection the server still thought open, which the client has left.
			try {
				previous.close(CloseStatus.GOING_AWAY, "Resumed on another connection");
			}
			catch (RuntimeException ex) {
				// Gone already.
			}
		}
		return null;
	}

	/** Ends the socket when it has been away longer than the grace period. */
	void expireIfPastGrace(long now) {
		this.lock.lock();
		try {
			if (this.ending || this.awaySince == null || now - this.awaySinceNanos < this.graceNanos) {
				return;
			}
			this.ending = true;
		}
		finally {
			this.lock.unlock();
		}
		this.counts.resumeExpired();
		this.socket.closed(CloseStatus.NO_CLOSE_FRAME,
				"Away for longer than the resume grace of " + Duration.ofNanos(this.graceNanos).toMillis() + " ms");
	}

	/** Whether a close has begun or the socket has ended: it cannot be resumed. */
	boolean hasEnded() {
		this.lock.lock();
		try {
			return this.ending;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether the socket is away: no connection, and no close begun. */
	boolean isAway() {
		this.lock.lock();
		try {
			return !this.ending && this.awaySince != null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How the socket is away, or {@code null} while it is connected or ended. */
	WebSocketInfo.@Nullable Away away() {
		this.lock.lock();
		try {
			Instant since = this.awaySince;
			if (this.ending || since == null) {
				return null;
			}
			long messages = this.sent - this.acknowledged + (this.inMessage ? 1 : 0);
			return new WebSocketInfo.Away(since, messages, this.unacknowledgedSize);
		}
		finally {
			this.lock.unlock();
		}
	}

	// The socket's side

	@Override
	public int sendText(String text, boolean last) throws IOException {
		int bytes;
		this.lock.lock();
		try {
			String wire = text;
			if (this.firstCharacterPending && !text.isEmpty()) {
				wire = ResumeProtocol.escape(text);
				this.firstCharacterPending = false;
			}
			bytes = transmit(new Part(wire, null, last));
		}
		finally {
			this.lock.unlock();
		}
		endIfOverflowed();
		return bytes;
	}

	@Override
	public void sendBinary(ByteBuffer data, boolean last) throws IOException {
		this.lock.lock();
		try {
			// A copy: a streamed write may fill the same buffer with its next part.
			byte[] copy = new byte[data.remaining()];
			data.get(copy);
			this.firstCharacterPending = false;
			transmit(new Part(null, copy, last));
		}
		finally {
			this.lock.unlock();
		}
		endIfOverflowed();
	}

	/**
	 * Past the buffer the socket ends as a slow consumer; its writer hears why. The
	 * socket is told first, so that no drop reported meanwhile ends it otherwise.
	 */
	private void endIfOverflowed() throws IOException {
		if (this.overflowed) {
			this.socket.stalled();
			throw new IOException(
					"WebSocket " + WebSocketIds.shown(this.webSocketId) + " keeps more than the resume buffer of "
							+ this.bufferSize + " bytes that its client has not acknowledged",
					new SocketTimeoutException("The client acknowledged too little"));
		}
	}

	@Override
	public void sendPing() throws IOException {
		boolean away;
		this.lock.lock();
		try {
			Transport connection = this.connection;
			away = connection == null;
			if (connection != null) {
				try {
					connection.sendPing();
				}
				catch (IOException | RuntimeException ex) {
					markAway();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (away) {
			// No client to answer while away: the grace period, not the heartbeat, ends
			// it.
			this.socket.pong();
		}
	}

	@Override
	public void close(int code, String reason) {
		Transport connection;
		this.lock.lock();
		try {
			this.ending = true;
			connection = this.connection;
			this.closingLink = this.link;
		}
		finally {
			this.lock.unlock();
		}
		if (connection != null) {
			connection.close(code, reason);
		}
		else {
			// Away: there is no connection to close, so the socket ends here.
			this.socket.closed(code, reason);
		}
	}

	@Override
	public boolean holdsCloseAnswer() {
		return this.holdsCloseAnswer;
	}

	@Override
	public boolean pausesForAnswers() {
		return this.pausesForAnswers;
	}

	@Override
	public boolean takesSendsNow() {
		// While away a write is kept at once.
		Transport connection = this.connection;
		return connection == null || connection.takesSendsNow();
	}

	@Override
	public boolean pauseReading() {
		Transport connection = this.connection;
		return connection != null && connection.pauseReading();
	}

	@Override
	public void resumeReading() {
		Transport connection = this.connection;
		if (connection != null) {
			connection.resumeReading();
		}
	}

	// Under the lock

	private int transmit(Part part) {
		sayHelloIfPending();
		this.unacknowledged.add(part);
		this.unacknowledgedSize += part.size();
		if (part.last()) {
			this.sent++;
			this.firstCharacterPending = true;
		}
		this.inMessage = !part.last();
		if (this.unacknowledgedSize > this.bufferSize) {
			this.overflowed = true;
			return -1;
		}
		Transport connection = this.connection;
		if (connection == null) {
			return -1;
		}
		try {
			int bytes = part.sendOn(connection);
			if (part.last()) {
				acknowledgeIfDue();
			}
			return bytes;
		}
		catch (IOException | RuntimeException ex) {
			// Kept: it goes again on the connection the client resumes on.
			markAway();
			return -1;
		}
	}

	/**
	 * Sends a control message between messages; {@code false} when the connection is
	 * lost.
	 */
	private boolean send(String control) {
		Transport connection = this.connection;
		if (connection == null) {
			return false;
		}
		try {
			connection.sendText(control, true);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			markAway();
			return false;
		}
	}

	private void sayHelloIfPending() {
		if (this.helloPending) {
			this.helloPending = false;
			send(ResumeProtocol.hello(this.webSocketId, this.secret));
		}
	}

	private void acknowledgeIfDue() {
		long received = this.received.get();
		if (!this.inMessage && received - this.acknowledgedToClient >= ResumeProtocol.ACK_EVERY
				&& send(ResumeProtocol.ack(received))) {
			this.acknowledgedToClient = received;
		}
	}

	private boolean forget(long count) {
		if (count < this.acknowledged || count > this.sent) {
			return false;
		}
		while (this.acknowledged < count) {
			Part part = this.unacknowledged.remove();
			this.unacknowledgedSize -= part.size();
			if (part.last()) {
				this.acknowledged++;
			}
		}
		return true;
	}

	/** Sends every part not acknowledged, in order; stops when the connection is lost. */
	private void replay() {
		Transport connection = this.connection;
		for (Part part : this.unacknowledged) {
			if (connection == null) {
				return;
			}
			try {
				part.sendOn(connection);
			}
			catch (IOException | RuntimeException ex) {
				markAway();
				return;
			}
		}
	}

	private void markAway() {
		if (this.connection != null || this.link != null) {
			this.connection = null;
			this.link = null;
			this.awaySinceNanos = System.nanoTime();
			this.awaySince = Instant.now();
		}
	}

	/** A part as it went on the wire: text already escaped, or bytes. */
	private record Part(@Nullable String text, byte @Nullable [] data, boolean last) {

		long size() {
			return (this.text != null) ? this.text.length() : ((this.data != null) ? this.data.length : 0);
		}

		int sendOn(Transport connection) throws IOException {
			if (this.text != null) {
				return connection.sendText(this.text, this.last);
			}
			connection.sendBinary(ByteBuffer.wrap((this.data != null) ? this.data : new byte[0]), this.last);
			return -1;
		}

	}

}
