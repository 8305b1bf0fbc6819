package dev.cspwebsocket.engine;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.routing.Route;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whole client messages of a shared socket on their way to its server's
 * {@code onClientMessage()}: put together from their parts, handed one at a time, in
 * order, to the server's tasks on the shared pool (or run on the container's thread when
 * that is virtual and the socket has no callback running or waiting); those it does not
 * consume join the queue for {@code read()}. Called by the container one part at a time;
 * the callbacks run one at a time.
 *
 * @author csp-websocket-spring-boot
 */
final class ClientMessages {

	private static final Log logger = LogFactory.getLog(ClientMessages.class);

	private final SharedCallbacks shared;

	private final Inbound inbound;

	private final Owner owner;

	// Touched only by the container, which delivers one part at a time.
	private InboundMessages.@Nullable Piece message;

	ClientMessages(SharedCallbacks shared, Inbound inbound, Owner owner) {
		this.shared = shared;
		this.inbound = inbound;
		this.owner = owner;
	}

	/**
	 * A part of a client message.
	 * @param wholeMessageBytes the size of the message so far
	 */
	void received(InboundMessages.Part part, long wholeMessageBytes) {
		InboundMessages.Piece message = (this.message != null) ? this.message : part.newPiece();
		message.append(part, 0, part.length());
		this.message = part.last() ? null : message;
		if (!part.last()) {
			return;
		}
		ReadResult.Message whole = message.result(true);
		long bytes = wholeMessageBytes + InboundMessages.PART_OVERHEAD;
		SerialExecutor tasks = this.shared.tasks();
		boolean[] here = new boolean[1];
		CloseStatus overflow = this.inbound.dispatch(bytes, (overflowing) -> {
			// A container on virtual threads can run the callback itself, which spares a
			// hand-off per message, when the socket has no callback running or waiting.
			here[0] = !overflowing && VirtualThreads.isCurrent() && tasks.claim();
			if (!here[0]) {
				tasks.execute(() -> deliver(whole, bytes));
			}
		});
		if (here[0]) {
			tasks.runClaimed(() -> deliver(whole, bytes));
		}
		if (overflow != null) {
			this.owner.queueOverflowed(overflow);
		}
	}

	/** Whether the calling thread is running one of the server's callbacks. */
	boolean isCallbackThread() {
		return this.shared.tasks().isRunningHere();
	}

	private void deliver(ReadResult.Message message, long bytes) {
		boolean consumed = false;
		try {
			consumed = this.shared.server().onClientMessage(message);
		}
		catch (Throwable ex) {
			if (SocketLifecycle.isOwnClose(ex, this.owner.webSocketId())) {
				logger.debug("onClientMessage() of " + this.owner.route() + " ended writing to WebSocket "
						+ this.owner.shownId() + ", which had closed", ex);
			}
			else {
				logger.error("onClientMessage() of " + this.owner.route() + " failed on WebSocket "
						+ this.owner.shownId() + "; closing it with 1011", ex);
				this.owner.close(new CloseStatus(CloseStatus.SERVER_ERROR, "Internal server error"));
			}
		}
		this.inbound.returned(message, bytes, consumed);
	}

	/** The socket whose messages these are. */
	interface Owner {

		/** The socket id. */
		String webSocketId();

		/** The socket id as logs show it. */
		String shownId();

		/** The server the socket was opened for. */
		Route route();

		/**
		 * Close the socket from the server side.
		 * @return whether this call closed it
		 */
		boolean close(CloseStatus status);

		/** The inbound queue overflowed: close the socket, counted. */
		void queueOverflowed(CloseStatus status);

	}

}
