package dev.cspwebsocket.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.cspwebsocket.CspWebSocketException;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.transport.Transport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The messages on their way to one client, and the rule that one thread at a time, the
 * owner, writes to the container. Writers queue their messages, bounded by the send
 * buffer, and a sender thread drains the queue: each message goes out whole, each
 * thread's messages keep their order, and no writer waits on the network unless the
 * buffer is full. When nothing is queued or being sent, the socket's own server thread
 * sends its message itself, as a handler of the container does, which spares a hand-off
 * to a sender per message; so does any writer while the container says it would take the
 * message at once (Reactor Netty's writable channel), which spares a broadcast a sender
 * per socket. A stream takes its turn in the queue and then sends its fragments from its
 * writer's thread. The close frame goes through the owner too, so it never cuts into a
 * message sent whole, nor into a fragment (a stream that the close overtakes stays
 * unfinished); the answer to a client's close goes after everything queued
 * ({@link #closeAfterQueue}). Thread-safe.
 * <p>
 * Its lock guards the queue, the buffer's fill, ownership and the close; it is never held
 * while the container sends, nor while the {@link Owner} is called (only the container's
 * {@link Transport#takesSendsNow()}, which never blocks).
 *
 * @author csp-websocket-spring-boot
 */
final class Outbound {

	private static final Log logger = LogFactory.getLog(Outbound.class);

	/** How much sooner than the send-time limit a container may end a stuck send. */
	private static final long STALL_TOLERANCE_NANOS = Duration.ofMillis(10).toNanos();

	/** What a queued message costs beyond its payload. */
	private static final int MESSAGE_OVERHEAD = InboundMessages.PART_OVERHEAD;

	private final Owner owner;

	private final long bufferSize;

	private final long sendTimeLimitNanos;

	private final Executor flushers;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** {@link Queued} messages and {@link StreamTurn}s. */
	private final ArrayDeque<Object> queue = new ArrayDeque<>();

	private long bufferedBytes;

	/** Whether a thread owns the way out; written under the lock, read without it too. */
	private volatile boolean owned;

	/** Whether the owner is in the container's send, and since when. */
	private boolean sending;

	private long sendStartNanos;

	private @Nullable CloseStatus pendingClose;

	/** Whether new messages are refused. */
	private boolean closed;

	// Set, without the lock, before the close is told to anyone; the queue is dropped
	// after.
	private volatile boolean refusing;

	/**
	 * Whether what was queued before the close still goes out: the client's close is
	 * answered after the server's answers to the messages before it.
	 */
	private boolean draining;

	private volatile @Nullable Transport transport;

	Outbound(Owner owner, SocketLimits limits, Executor flushers) {
		this.owner = owner;
		this.bufferSize = limits.sendBufferSize();
		this.sendTimeLimitNanos = limits.sendTimeLimit().toNanos();
		this.flushers = flushers;
	}

	void opened(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Queue a message for the sender thread; while the buffer is full, wait for the
	 * client to take something, at most the send-time limit.
	 * @param size the message's size in bytes (characters for text)
	 * @param fromServerThread whether the caller is the socket's own server thread, which
	 * sends the message itself when the way out is free (another writer does when the
	 * container would take it at once)
	 */
	void send(Outgoing message, long size, boolean fromServerThread) {
		long bytes = size + MESSAGE_OVERHEAD;
		boolean startSender = false;
		boolean slowConsumer = false;
		boolean sendHere = false;
		this.lock.lock();
		try {
			while (true) {
				if (this.closed || this.refusing) {
					throw this.owner.closedException(null);
				}
				if (!this.owned && (fromServerThread || takesSendsNow())) {
					// Nothing queued: the queue is never left without an owner.
					this.owned = true;
					sendHere = true;
					break;
				}
				if (hasRoomFor(bytes)) {
					startSender = enqueue(new Queued(message, bytes));
					break;
				}
				// Only time spent in the container counts against the client.
				long left = this.sending ? this.sendStartNanos + this.sendTimeLimitNanos - System.nanoTime()
						: this.sendTimeLimitNanos;
				if (left <= 0) {
					slowConsumer = true;
					break;
				}
				NonBlockingThreads.assertMayBlock(
						"A write to WebSocket " + this.owner.shownId() + " waiting for room in its send buffer");
				this.changed.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CspWebSocketException(
					"Interrupted while waiting to write to WebSocket " + this.owner.shownId() + ": not sent", ex);
		}
		finally {
			this.lock.unlock();
		}
		if (slowConsumer) {
			// The client took nothing for the whole send-time limit.
			this.owner.slowConsumer();
			throw this.owner.closedException(null);
		}
		if (sendHere) {
			Exception failure;
			try {
				failure = deliver(message);
			}
			finally {
				release();
			}
			if (failure != null) {
				throw this.owner.closedException(failure);
			}
		}
		else if (startSender) {
			startSender();
		}
	}

	/**
	 * Queue a message for the sender thread unless the send buffer is full; never waits.
	 * @return whether the message was queued: {@code false} when the buffer is full or
	 * the socket closed
	 */
	boolean offer(Outgoing message) {
		boolean startSender;
		this.lock.lock();
		try {
			if (this.closed || !hasRoomFor(MESSAGE_OVERHEAD)) {
				return false;
			}
			startSender = enqueue(new Queued(message, MESSAGE_OVERHEAD));
		}
		finally {
			this.lock.unlock();
		}
		if (startSender) {
			startSender();
		}
		return true;
	}

	/** Whether the container would take a send at once; asked of it under the lock. */
	private boolean takesSendsNow() {
		Transport transport = this.transport;
		return transport != null && transport.takesSendsNow();
	}

	private boolean hasRoomFor(long bytes) {
		return this.bufferedBytes == 0 || this.bufferedBytes + bytes <= this.bufferSize;
	}

	/**
	 * Queue a message; called under the lock.
	 * @return whether this call made the caller the owner, which must start the sender
	 */
	private boolean enqueue(Queued queued) {
		this.queue.add(queued);
		this.bufferedBytes += queued.bytes();
		boolean startSender = !this.owned;
		this.owned = true;
		return startSender;
	}

	/**
	 * Send one message in fragments from this thread, once every message queued before it
	 * has gone.
	 * @param fragments the source of the fragments, the last one marked so
	 * @throws IOException when the source fails; the socket is then closed with 1011
	 */
	void stream(Fragments fragments) throws IOException {
		awaitTurn();
		try {
			Outgoing fragment;
			long bytes = 0;
			do {
				try {
					fragment = fragments.next();
				}
				catch (IOException | RuntimeException | Error ex) {
					// Part of the message is out and cannot be recalled.
					this.owner.close(new CloseStatus(CloseStatus.SERVER_ERROR, "The message could not be produced"));
					throw ex;
				}
				// Closed while the source was producing the fragment: nothing more goes.
				if (isDiscarding()) {
					throw this.owner.closedException(null);
				}
				try {
					bytes += transmit(fragment);
				}
				catch (IOException | RuntimeException ex) {
					throw this.owner.closedException(ex);
				}
			}
			while (!fragment.last());
			this.owner.messageSent(fragment instanceof Outgoing.Binary, bytes);
		}
		finally {
			release();
		}
	}

	private void awaitTurn() {
		StreamTurn turn = new StreamTurn();
		this.lock.lock();
		try {
			if (this.closed || this.refusing) {
				throw this.owner.closedException(null);
			}
			if (!this.owned && this.queue.isEmpty()) {
				this.owned = true;
				return;
			}
			this.queue.add(turn);
			while (!turn.granted) {
				if (this.closed && !this.draining) {
					throw this.owner.closedException(null);
				}
				NonBlockingThreads
					.assertMayBlock("A streamed write to WebSocket " + this.owner.shownId() + " waiting for its turn");
				this.changed.await();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (!turn.granted) {
				this.queue.remove(turn);
				throw new CspWebSocketException(
						"Interrupted while waiting to write to WebSocket " + this.owner.shownId() + ": not sent", ex);
			}
			// The turn came all the same: take it, and let the interrupt show later.
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Send through the container, timing the send for the slow-consumer rule; a failure
	 * is told to the owner, then thrown.
	 * @return the bytes sent (UTF-8 for text), 0 for a ping
	 */
	private long transmit(Outgoing message) throws IOException {
		long start = System.nanoTime();
		this.lock.lock();
		try {
			this.sending = true;
			this.sendStartNanos = start;
		}
		finally {
			this.lock.unlock();
		}
		try {
			long bytes = message.sendOn(transport());
			this.owner.frameSent(message);
			return bytes;
		}
		catch (IOException | RuntimeException ex) {
			// A container ends a send stuck for the send-time limit with an exception of
			// its own choosing, and counts the limit from a little after the start: how
			// long the send took tells.
			this.owner.sendFailed(ex, System.nanoTime() - start >= this.sendTimeLimitNanos - STALL_TOLERANCE_NANOS);
			throw ex;
		}
		finally {
			this.lock.lock();
			try {
				this.sending = false;
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Close the socket with {@code status} once the message being sent, if any, is out.
	 * Nothing queued is sent any more.
	 * @param fromCaller whether to send the close frame from this thread when nothing is
	 * being sent, rather than from a sender thread
	 */
	void close(CloseStatus status, boolean fromCaller) {
		boolean now;
		this.lock.lock();
		try {
			discard();
			now = !this.owned;
			if (now) {
				this.owned = true;
			}
			else {
				this.pendingClose = status;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (now && fromCaller) {
			closeSession(status);
		}
		else if (now) {
			closeFromSender(status);
		}
	}

	private void closeFromSender(CloseStatus status) {
		// Off the caller's thread: a close frame can wait on a full network buffer.
		try {
			this.flushers.execute(() -> closeSession(status));
		}
		catch (RuntimeException ex) {
			closeSession(status);
		}
	}

	/**
	 * Close the socket with {@code status} once every message queued so far is out; new
	 * messages are refused from now on. A {@link #close} meanwhile drops what is left.
	 */
	void closeAfterQueue(CloseStatus status) {
		boolean now;
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.draining = true;
			this.changed.signalAll();
			// Nothing is queued or being sent unless the way out is owned.
			now = !this.owned;
			if (now) {
				this.owned = true;
			}
			else {
				this.pendingClose = status;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (now) {
			closeFromSender(status);
		}
	}

	/**
	 * Take no more messages: the socket is closing, and what is queued is about to be
	 * dropped.
	 */
	void refuseWrites() {
		this.refusing = true;
	}

	/** The container has closed the socket: nothing more is sent. */
	void closed() {
		this.lock.lock();
		try {
			discard();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether nothing is queued or being sent; without the lock, so a glimpse. */
	boolean isIdle() {
		return !this.owned;
	}

	/** Bytes accepted for sending and not yet sent. */
	long bufferedBytes() {
		this.lock.lock();
		try {
			return this.bufferedBytes;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether a send has been in the container for the whole send-time limit. */
	boolean stalled() {
		this.lock.lock();
		try {
			return this.sending && System.nanoTime() - this.sendStartNanos >= this.sendTimeLimitNanos;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean isDiscarding() {
		this.lock.lock();
		try {
			return this.closed && !this.draining;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void discard() {
		this.closed = true;
		this.draining = false;
		this.queue.clear();
		this.bufferedBytes = 0;
		this.changed.signalAll();
	}

	/** The owner is done sending: hand the socket to a flusher, or to nobody. */
	private void release() {
		CloseStatus closing = null;
		boolean flush = false;
		boolean idle = false;
		this.lock.lock();
		try {
			this.changed.signalAll();
			if (!this.queue.isEmpty()) {
				// Left after a close only while draining.
				flush = true;
			}
			else if (this.closed) {
				// Stays owned: nothing is sent after the close.
				closing = this.pendingClose;
				this.pendingClose = null;
			}
			else {
				this.owned = false;
				idle = true;
			}
		}
		finally {
			this.lock.unlock();
		}
		if (idle) {
			this.owner.idle();
		}
		else if (closing != null) {
			closeSession(closing);
		}
		else if (flush) {
			startSender();
		}
	}

	private void startSender() {
		try {
			this.flushers.execute(this::flush);
		}
		catch (RuntimeException ex) {
			// No thread to be had: send from here rather than strand the queue.
			flush();
		}
	}

	private void flush() {
		boolean handedToStream = false;
		try {
			while (true) {
				Queued next;
				this.lock.lock();
				try {
					// Empty once closed, unless draining: the close discards what is
					// queued.
					Object head = this.queue.poll();
					if (head instanceof StreamTurn turn) {
						turn.granted = true;
						handedToStream = true;
						this.changed.signalAll();
						return;
					}
					if (head == null) {
						break;
					}
					next = (Queued) head;
					this.bufferedBytes -= next.bytes();
					this.changed.signalAll();
				}
				finally {
					this.lock.unlock();
				}
				deliver(next.message());
			}
		}
		finally {
			if (!handedToStream) {
				release();
			}
		}
	}

	/**
	 * Send one message as its owner, and count it.
	 * @return why the send failed, the socket then closing, or {@code null}
	 */
	private @Nullable Exception deliver(Outgoing message) {
		try {
			long bytes = transmit(message);
			if (!(message instanceof Outgoing.Ping)) {
				this.owner.messageSent(message instanceof Outgoing.Binary, bytes);
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return ex;
		}
	}

	private void closeSession(CloseStatus status) {
		Transport transport = this.transport;
		if (transport != null) {
			try {
				transport.close(status.code(), status.reason());
			}
			catch (RuntimeException ex) {
				logger.debug("Closing WebSocket " + this.owner.shownId() + " failed", ex);
			}
		}
	}

	private Transport transport() {
		Transport transport = this.transport;
		Assert.state(transport != null, "The socket is not open yet");
		return transport;
	}

	/**
	 * The socket whose messages these are: what the way out tells it, and asks of it.
	 * Called without the lock held.
	 */
	interface Owner {

		/** The socket id as logs show it. */
		String shownId();

		/** The exception for a write to the socket once it has closed. */
		WebSocketClosedException closedException(@Nullable Throwable cause);

		/**
		 * The container failed to send: the client has gone, or stalled.
		 * @param stalled whether the send was in the container for the send-time limit
		 */
		void sendFailed(Throwable failure, boolean stalled);

		/** The client took nothing for the whole send-time limit. */
		void slowConsumer();

		/**
		 * Close the socket from the server side.
		 * @return whether this call closed it
		 */
		boolean close(CloseStatus status);

		/** A message or fragment went to the client (a ping too). */
		void frameSent(Outgoing frame);

		/** A whole message went to the client. */
		void messageSent(boolean binary, long bytes);

		/** Nothing is queued or being sent any more. */
		void idle();

	}

	private record Queued(Outgoing message, long bytes) {
	}

	/** A stream's place in the queue; guarded by the lock. */
	private static final class StreamTurn {

		private boolean granted;

	}

}
