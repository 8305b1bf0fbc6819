package dev.cspwebsocket.engine;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.CspWebSocketException;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.transport.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The reading side of one socket: the client's messages waiting for readers, which reader
 * a message belongs to, reading paused while too much waits (and, on a container that
 * answers the client's close at once, the container's thread held after each message
 * until the server has read it; on one that fails the connection at once on a bad frame,
 * reading paused so), and the socket's close as readers see it. Thread-safe.
 * <p>
 * Its lock guards all of that: the queue, the reader part-way through a message, a piece
 * being handed over to another node, the readers waiting and their filed deadline, the
 * messages out with {@code onClientMessage()}, the pause and the hold, and the close. The
 * lock is held while the container is told to pause or resume reading and while a
 * deadline is filed with the read timer, and never while anything else outside this class
 * is called.
 *
 * @author csp-websocket-spring-boot
 */
final class Inbound {

	private static final ReadResult TIMEOUT = new ReadResult.Timeout();

	private static final Duration CENTURY = Duration.ofDays(36_525);

	private final String webSocketId;

	private final SocketLimits limits;

	private final ReadTimer readTimer;

	/** Counts a read whose timeout ran out. */
	private final Runnable readTimedOut;

	/** Whether nothing is queued for the client or being sent; asked without a lock. */
	private final BooleanSupplier wayOutIdle;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final InboundMessages messages = new InboundMessages();

	private @Nullable Transport transport;

	private boolean shared;

	private volatile ReadResult.@Nullable Closed closed;

	private volatile CloseReason closeReason = CloseReason.OTHER;

	/** Whether reading from the client is paused, as too much waits unread. */
	private boolean paused;

	/**
	 * Whether the container's thread that hands over a message waits until the server has
	 * read it (the hold), on a container that answers the client's close the moment it
	 * reads it (Tomcat): a close behind the message cannot overtake the server's answer.
	 * At most the send-time limit.
	 */
	private boolean holdsAfterMessage;

	/**
	 * Whether the hold pauses reading from the client rather than keeping the container's
	 * thread ({@link Transport#pausesForAnswers()}); read without the lock by
	 * {@link #awaitAnswer()}.
	 */
	private volatile boolean holdsByPausing;

	/**
	 * Whether the container's thread waits for the server to read the last message, or
	 * reading is paused for it; written under the lock, read without it by
	 * {@link #awaitAnswer()}.
	 */
	private volatile boolean held;

	/** Whether a deadline of a hold that pauses reading is filed with the read timer. */
	private boolean holdDeadlineFiled;

	private long heldSinceNanos;

	/**
	 * A hold ran out before the server read: none again until it reads, so that a server
	 * that does not read delays the client's close once, not once per message.
	 */
	private boolean holdLapsed;

	/**
	 * The reader that took the end of the last message: its coming back releases a hold.
	 */
	private @Nullable Object answeringReader;

	/**
	 * A hold whose server has come back waits for its answers to go out: released once
	 * the way out is idle. Read without the lock by {@link #wayOutIdle()}.
	 */
	private volatile boolean releaseWhenIdle;

	/** Whether any reader has read from the socket. */
	private boolean everRead;

	private volatile long resumedNanos;

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

	/** Whether a deadline of a waiter is filed with the read timer, and which. */
	private boolean deadlineFiled;

	private long filedDeadline;

	// Held here, as the read timer holds it weakly: it lives as long as the socket.
	private final LongConsumer readDeadlineListener = this::readDeadlineCame;

	private final LongConsumer holdDeadlineListener = this::holdDeadlineCame;

	/** Whole messages handed to {@code onClientMessage()} and not yet back. */
	private int dispatchedMessages;

	private long dispatchedBytes;

	Inbound(String webSocketId, SocketLimits limits, ReadTimer readTimer, Runnable readTimedOut,
			BooleanSupplier wayOutIdle) {
		this.webSocketId = webSocketId;
		this.limits = limits;
		this.readTimer = readTimer;
		this.readTimedOut = readTimedOut;
		this.wayOutIdle = wayOutIdle;
	}

	/**
	 * The socket is open: a dedicated one pauses reading through {@code transport} when
	 * too much waits, a shared one is closed.
	 */
	void opened(Transport transport, boolean shared) {
		this.lock.lock();
		try {
			this.transport = transport;
			this.shared = shared;
			this.holdsByPausing = transport.pausesForAnswers();
			this.holdsAfterMessage = !transport.holdsCloseAnswer() || this.holdsByPausing;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Queue a part from the client, unless the socket has closed.
	 * @return the status to close the socket with when too much waits, or {@code null}
	 */
	@Nullable CloseStatus add(InboundMessages.Part part) {
		this.lock.lock();
		try {
			if (this.closed != null) {
				return null;
			}
			this.messages.add(part);
			CloseStatus overflow = checkLimits();
			// A shared socket's readers on other threads are not waited for: they come
			// and go, and nothing tells which of them answers.
			if (overflow == null && part.last() && !this.shared) {
				hold();
			}
			// Readers wake for a piece worth taking: the message's end, as much as the
			// least of them asks for, or all there is once reading from the client
			// pauses.
			if (part.last() || this.paused || this.messages.hasPiece(this.smallestWanted)) {
				this.changed.signalAll();
			}
			return overflow;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Count a whole message on its way to {@code onClientMessage()} against the queue's
	 * limits, and hand it over, unless the socket has closed. The hand-over runs under
	 * the lock, so that no close comes between: the message reaches the server before its
	 * {@code onPostServer()}, even when it overflows the queue.
	 * @param bytes what the message counts against the limits
	 * @param handOver hands the message over; told whether it overflows the queue
	 * @return the status to close the socket with when the queue overflows, or
	 * {@code null}
	 */
	@Nullable CloseStatus dispatch(long bytes, HandOver handOver) {
		this.lock.lock();
		try {
			if (this.closed != null) {
				return null;
			}
			this.dispatchedMessages++;
			this.dispatchedBytes += bytes;
			CloseStatus overflow = checkLimits();
			if (overflow == null) {
				hold();
			}
			handOver.handOver(overflow != null);
			return overflow;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A message is back from {@code onClientMessage()}: queued for {@code read()} unless
	 * it was consumed.
	 */
	void returned(ReadResult.Message message, long bytes, boolean consumed) {
		this.lock.lock();
		try {
			this.dispatchedMessages--;
			this.dispatchedBytes -= bytes;
			if (!consumed) {
				this.messages.add(InboundMessages.Part.of(message));
			}
			releaseHoldWhenAnswered(null);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Holds the queue to its limits: a shared socket is closed past them, a dedicated one
	 * pauses reading from the client. Called under the lock.
	 * @return the status to close the socket with, or {@code null} to carry on
	 */
	private @Nullable CloseStatus checkLimits() {
		SocketLimits limits = this.limits;
		if (this.shared) {
			int messages = this.messages.messages() + this.dispatchedMessages;
			long bytes = this.messages.bytes() + this.dispatchedBytes;
			if (messages > limits.maxQueuedMessages() || bytes > limits.maxQueuedBytes()) {
				return new CloseStatus(CloseStatus.POLICY_VIOLATION, "Inbound queue full: more than "
						+ limits.maxQueuedMessages() + " messages or " + limits.maxQueuedBytes() + " bytes unread");
			}
			return null;
		}
		if (!this.paused && this.messages.bytes() > limits.inboundBufferSize()) {
			this.paused = transport().pauseReading();
			if (!this.paused) {
				return new CloseStatus(CloseStatus.POLICY_VIOLATION,
						"Inbound buffer full: the server did not read in time");
			}
		}
		return null;
	}

	/**
	 * Hold the container's thread after a client message until the server has read it
	 * ({@link #awaitAnswer()}), when the container would answer a close behind it at
	 * once; or pause reading from the client until then, when the container would fail
	 * the connection at once on a bad frame behind it, the pause bounded by a deadline
	 * filed with the read timer (none without a turning timer, which would not bound it).
	 * Called under the lock.
	 */
	private void hold() {
		if (!this.holdsAfterMessage || this.held || this.holdLapsed) {
			return;
		}
		long now = System.nanoTime();
		if (this.holdsByPausing) {
			ReadTimer timer = this.readTimer;
			if (!timer.isTurning()) {
				return;
			}
			if (!this.paused && !transport().pauseReading()) {
				return;
			}
			if (!this.holdDeadlineFiled) {
				// One deadline at a time: one that comes before the hold's own files the
				// next (holdDeadlineCame), so the timer sees one filing per send-time
				// limit, not one per message.
				this.holdDeadlineFiled = true;
				timer.file(now + this.limits.sendTimeLimit().toNanos(), this.holdDeadlineListener);
			}
		}
		this.held = true;
		this.heldSinceNanos = now;
	}

	/**
	 * The deadline of a hold that pauses reading has come: a hold past the send-time
	 * limit lapses, and reading resumes; a later hold files its own deadline.
	 */
	private void holdDeadlineCame(long deadline) {
		this.lock.lock();
		try {
			this.holdDeadlineFiled = false;
			if (!this.held || !this.holdsByPausing) {
				return;
			}
			long holdDeadline = this.heldSinceNanos + this.limits.sendTimeLimit().toNanos();
			ReadTimer timer = this.readTimer;
			if (holdDeadline - System.nanoTime() <= 0 || !timer.isTurning()) {
				// The server has not answered in time, or the timer stops for good.
				this.holdLapsed = true;
				releaseHold();
				return;
			}
			this.holdDeadlineFiled = true;
			timer.file(holdDeadline, this.holdDeadlineListener);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait, on the container's thread that handed over a message, until the server has
	 * read and answered it, at most the send-time limit since the message came: only then
	 * does the container read the client's next frame, which may be its close. Tomcat's
	 * own pause of reading is not used here: a resume in the moment its reading thread
	 * leaves after a pause strands the frames already read until the client sends more.
	 */
	void awaitAnswer() {
		if (!this.held || this.holdsByPausing) {
			// Every other message on Tomcat, and every one elsewhere: no lock per
			// message. A hold that pauses reading keeps no thread.
			return;
		}
		this.lock.lock();
		try {
			long deadline = this.heldSinceNanos + this.limits.sendTimeLimit().toNanos();
			while (this.held) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					this.holdLapsed = true;
					releaseHold();
					return;
				}
				awaitUntil(deadline, left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			releaseHold();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Release the hold once its message is answered: nothing is left to read or out with
	 * a callback, the reader that took the message's end is back (any reader, for
	 * {@code null}), and the answers are out.
	 */
	private void releaseHoldWhenAnswered(@Nullable Object reader) {
		if (!this.held || !this.messages.isEmpty() || this.dispatchedMessages != 0
				|| (reader != null && this.answeringReader != null && !this.answeringReader.equals(reader))) {
			return;
		}
		// Set before the way out is asked, which tells wayOutIdle() once it is idle: one
		// of the two sees the other.
		this.releaseWhenIdle = true;
		if (this.wayOutIdle.getAsBoolean()) {
			releaseHold();
		}
	}

	/** The way out has become idle: release a hold that waited for the answers to go. */
	void wayOutIdle() {
		if (!this.releaseWhenIdle) {
			return;
		}
		this.lock.lock();
		try {
			if (this.releaseWhenIdle && this.held) {
				releaseHold();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void releaseHold() {
		this.releaseWhenIdle = false;
		this.answeringReader = null;
		if (this.held) {
			this.held = false;
			this.resumedNanos = System.nanoTime();
			this.changed.signalAll();
			// Last: a container may hand over what it has already read at once.
			if (this.holdsByPausing && !this.paused) {
				transport().resumeReading();
			}
		}
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
		long deadline = System.nanoTime() + saturatedNanos(timeout);
		this.lock.lock();
		try {
			while (true) {
				// A message part-way read belongs to its reader until its end.
				boolean mine = !this.handingOver && !this.messages.isEmpty()
						&& (this.messageReader == null || this.messageReader.equals(reader));
				// Part of a message is taken once no more of it will come soon.
				if (mine && (this.messages.hasPiece(maxLength) || this.paused || this.closed != null)) {
					break;
				}
				// Back for more with everything read: the server has answered.
				releaseHoldWhenAnswered(reader);
				ReadResult.Closed closed = this.closed;
				if (closed != null && this.messages.isEmpty() && this.dispatchedMessages == 0 && !this.handingOver) {
					return closed;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					if (mine) {
						break;
					}
					this.readTimedOut.run();
					return TIMEOUT;
				}
				awaitChange(deadline, left, maxLength);
			}
			this.everRead = true;
			this.holdLapsed = false;
			ReadResult.Message piece = this.messages.take(maxLength);
			boolean released = piece.atEnd() && !held;
			this.messageReader = released ? null : reader;
			if (piece.atEnd()) {
				this.answeringReader = reader;
			}
			this.handingOver = held;
			if (released) {
				this.changed.signalAll();
			}
			if (this.paused && this.messages.bytes() <= this.limits.inboundBufferSize() / 2) {
				this.paused = false;
				this.resumedNanos = System.nanoTime();
				if (!(this.held && this.holdsByPausing)) {
					transport().resumeReading();
				}
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
	private void awaitChange(long deadline, long left, int maxLength) throws InterruptedException {
		this.waitingReaders++;
		this.smallestWanted = Math.min(this.smallestWanted, maxLength);
		try {
			awaitUntil(deadline, left);
		}
		finally {
			if (--this.waitingReaders == 0) {
				this.smallestWanted = Integer.MAX_VALUE;
			}
		}
	}

	/**
	 * Wait for a change, at most until {@code deadline}, {@code left} from now; called
	 * under the lock. A long wait rides on a deadline filed with the {@link ReadTimer}
	 * rather than a timed park, which on a virtual thread costs two hand-offs to the
	 * JDK's delay scheduler (to schedule and to cancel) on every message.
	 */
	private void awaitUntil(long deadline, long left) throws InterruptedException {
		ReadTimer timer = this.readTimer;
		if (left < ReadTimer.MIN_TIMEOUT_NANOS || !timer.isTurning()) {
			this.changed.awaitNanos(left);
			return;
		}
		// One deadline filed serves every later wait that ends after it: when it comes, a
		// waiter still waiting files its own.
		if (!this.deadlineFiled || this.filedDeadline - deadline > 0) {
			this.deadlineFiled = true;
			this.filedDeadline = deadline;
			timer.file(deadline, this.readDeadlineListener);
		}
		this.changed.await();
	}

	/**
	 * The deadline filed with the {@link ReadTimer} has come: wake the waiters (readers,
	 * and the container's thread held for an answer), so that those whose own deadline
	 * has come return and the others file theirs.
	 */
	private void readDeadlineCame(long deadline) {
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
				this.messages.unread(piece);
				this.messageReader = continued ? reader : null;
			}
			if (this.handOverReaderGone && this.messageReader != null) {
				// Its reader will not come back for the rest of the message.
				this.messages.dropRestOfMessage();
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
			this.messages.dropRestOfMessage();
			this.messageReader = null;
			this.changed.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Client messages waiting to be read, or on their way to {@code onClientMessage()}.
	 */
	int queued() {
		this.lock.lock();
		try {
			return this.messages.messages() + this.dispatchedMessages;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether any reader has read from the socket. */
	boolean hasBeenRead() {
		this.lock.lock();
		try {
			return this.everRead;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether reading from the client is paused, as too much waits, or waits for the
	 * server to read a message.
	 */
	boolean isPaused() {
		this.lock.lock();
		try {
			return this.paused || this.held;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** When reading from the client last resumed after a pause. */
	long resumedNanos() {
		return this.resumedNanos;
	}

	/**
	 * The socket has closed: readers get what is queued, then {@code closed}; reading
	 * resumes, so that the container sees the client's answer to the close.
	 * @return whether this call closed it, rather than an earlier one
	 */
	boolean close(CloseStatus status, CloseReason reason) {
		this.lock.lock();
		try {
			if (this.closed != null) {
				return false;
			}
			this.closeReason = reason;
			this.closed = status.asReadResult();
			this.changed.signalAll();
			releaseHold();
			if (this.paused) {
				this.paused = false;
				transport().resumeReading();
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The close, once the socket has closed. */
	ReadResult.@Nullable Closed closed() {
		return this.closed;
	}

	/** Why the socket closed, once it has. */
	CloseReason closeReason() {
		return this.closeReason;
	}

	private Transport transport() {
		Transport transport = this.transport;
		Assert.state(transport != null, "The socket is not open yet");
		return transport;
	}

	private String shownId() {
		return WebSocketIds.shown(this.webSocketId);
	}

	/** The timeout in nanoseconds, at most a century: a deadline must fit in a long. */
	private static long saturatedNanos(Duration timeout) {
		return timeout.compareTo(CENTURY) >= 0 ? CENTURY.toNanos() : timeout.toNanos();
	}

	/** Hands a whole message over to {@code onClientMessage()}, under the lock. */
	@FunctionalInterface
	interface HandOver {

		void handOver(boolean overflowing);

	}

}
