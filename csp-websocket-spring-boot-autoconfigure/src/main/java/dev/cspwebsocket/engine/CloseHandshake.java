package dev.cspwebsocket.engine;

import java.util.function.LongConsumer;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.transport.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The close handshake of one socket, whoever begins it: the first close wins (decided
 * under {@link Inbound}'s lock), readers see it after what is queued, and
 * {@link Outbound} sends the close frame after the message in progress. A client's close
 * is answered only once the server is done with the messages before it: the transport
 * holds the answer (Jetty's close callback, the frame kept from Reactor Netty, or Reactor
 * Netty's close for a client's protocol error), writes go on, and the answer goes after
 * them when a read returns {@code Closed} or the server ends; past the send-time limit it
 * goes at once, and what is still queued is dropped. Closes for a passed limit are
 * counted before the client can see them. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CloseHandshake {

	private final Connection socket;

	private final Inbound inbound;

	private final Outbound outbound;

	private final ReadTimer readTimer;

	private final SocketLimits limits;

	private final SocketEvents events;

	// The client's close, while the transport holds back its answer.
	private volatile @Nullable CloseStatus clientClose;

	// Held here, as the read timer holds it weakly: it lives as long as the socket.
	private final LongConsumer clientCloseDeadline = (deadline) -> answerClientClosePastLimit();

	CloseHandshake(Connection socket, Inbound inbound, Outbound outbound, SocketContext context) {
		this.socket = socket;
		this.inbound = inbound;
		this.outbound = outbound;
		this.readTimer = context.readTimer();
		this.limits = context.limits();
		this.events = context.events();
	}

	/**
	 * The client has sent a close frame, whose answer the transport holds back: readers
	 * get what came before it, and the answer goes once the server is done with them
	 * ({@link #answerClientClose}), within the send-time limit.
	 */
	void clientClosing(int code, String reason) {
		CloseStatus status = new CloseStatus(code, reason);
		// Set first: the close below can end a shared server at once, which answers.
		this.clientClose = status;
		ReadTimer timer = this.readTimer;
		if (!timer.isTurning()) {
			// Nothing would bound the wait: answer once what is queued is out.
			markClosed(status, CloseReason.of(code), false, false);
			answerClientClose(true);
			return;
		}
		timer.file(System.nanoTime() + this.limits.sendTimeLimit().toNanos(), this.clientCloseDeadline);
		// Closed by the server already, its close frame on its way is the answer.
		markClosed(status, CloseReason.of(code), false, false);
	}

	/**
	 * Answer the client's close, if it is held: once what is queued is out when the
	 * server is done with the messages before it, or at once, dropping what is queued,
	 * when a limit or a failure ends the socket.
	 */
	void answerClientClose(boolean afterQueue) {
		CloseStatus status = this.clientClose;
		if (status == null) {
			return;
		}
		if (afterQueue) {
			this.outbound.closeAfterQueue(status);
		}
		else {
			this.outbound.close(status, false);
		}
	}

	/**
	 * The send-time limit has passed since the client's close: answer it, even while a
	 * stream waiting on its source holds the way out between fragments, where the
	 * protocol allows a close frame.
	 */
	private void answerClientClosePastLimit() {
		CloseStatus status = this.clientClose;
		Transport transport = this.socket.transport();
		if (status == null || transport == null) {
			return;
		}
		this.outbound.close(status, false);
		transport.close(status.code(), status.reason());
	}

	/**
	 * The server object has ended: a shared socket's client close is answered, unless
	 * readers elsewhere have messages left to take, when their read of the close answers
	 * it (a dedicated one's was, as its {@code server()} returned).
	 */
	void serverEnded() {
		if (this.inbound.queued() == 0 || !this.inbound.hasBeenRead()) {
			answerClientClose(true);
		}
	}

	/** The container reports the socket closed, by the client or by the network. */
	void connectionClosed(int code, String reason) {
		// A container ends a send stuck past the send-time limit with an abnormal close.
		boolean slowConsumer = code == CloseStatus.NO_CLOSE_FRAME && this.outbound.stalled();
		CloseStatus recorded = slowConsumer ? slowConsumerStatus() : new CloseStatus(code, reason);
		markClosed(recorded, slowConsumer ? CloseReason.SLOW_CONSUMER : CloseReason.of(code), true, slowConsumer);
		// Nothing more goes out, answers to a held close included: the connection is
		// gone.
		this.outbound.closed();
	}

	void slowConsumer() {
		closeCounted(slowConsumerStatus(), CloseReason.SLOW_CONSUMER);
	}

	private CloseStatus slowConsumerStatus() {
		return new CloseStatus(CloseStatus.POLICY_VIOLATION,
				"Slow consumer: the client took nothing for " + this.limits.sendTimeLimit().toMillis() + " ms");
	}

	void queueOverflowed(CloseStatus status) {
		closeCounted(status, CloseReason.QUEUE_OVERFLOW);
	}

	/**
	 * Close from the server side, once the message being sent is out; the close frame
	 * goes from a sender thread.
	 * @return {@code true} if this call closed the socket, {@code false} if it was closed
	 * already
	 */
	boolean close(CloseStatus status) {
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
		if (!markClosed(status, reason, true, false)) {
			// When the client closed first, the server is done answering, unless it
			// failed, or something else ends the socket.
			answerClientClose(status.code() == CloseStatus.NORMAL.code());
			return false;
		}
		this.outbound.close(status, fromCaller);
		return true;
	}

	/**
	 * Close from the server side because a limit was passed, counting it before the
	 * client can see the close.
	 */
	void closeCounted(CloseStatus status, CloseReason reason) {
		if (markClosed(status, reason, true, true)) {
			this.outbound.close(status, false);
		}
		else {
			// A limit passed while answering the client's close: answer it now.
			answerClientClose(false);
		}
	}

	/**
	 * Close the socket for its readers, and, unless the client's close frame is held for
	 * an answer after the server's writes, for its writers at once: a write that sees the
	 * socket closed fails rather than being queued and then dropped while the registry
	 * and the listeners are told.
	 * @param counted whether a passed limit closes it, counted before writes are refused
	 * so that a writer refused for it finds it counted; a write made while it is counted
	 * is taken and dropped with the queue, as one made just before the close is
	 * @return whether this call closed it
	 */
	private boolean markClosed(CloseStatus status, CloseReason reason, boolean refuseWrites, boolean counted) {
		if (!this.inbound.close(status, reason)) {
			return false;
		}
		try {
			if (counted) {
				this.events.limitClosed(this.socket, reason, status);
			}
		}
		finally {
			// Whatever the counting does, the socket is closed for its writers and told.
			if (refuseWrites) {
				this.outbound.refuseWrites();
			}
			this.events.closed(this.socket);
		}
		return true;
	}

}
