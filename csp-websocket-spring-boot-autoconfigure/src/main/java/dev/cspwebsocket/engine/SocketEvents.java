package dev.cspwebsocket.engine;

import dev.cspwebsocket.CloseReason;

/**
 * What a socket tells the engine of itself, so that a socket knows nothing of the
 * registry. Implementations must be thread-safe and must not block: they are called on
 * the container's, the senders' and the servers' threads, never under a socket's lock.
 *
 * @author csp-websocket-spring-boot
 */
interface SocketEvents {

	/** The container has opened the socket: serve it, or close it if given up on. */
	void opened(Connection socket);

	/** The socket has closed, whoever closed it; told once. */
	void closed(Connection socket);

	/**
	 * A limit has closed the socket (queue overflow, slow consumer, idle timeout): count
	 * it; told before the client can see the close.
	 */
	void limitClosed(Connection socket, CloseReason reason, CloseStatus status);

	/** A whole message came from a client. */
	void messageReceived(boolean binary, long bytes);

	/** A whole message went to a client. */
	void messageSent(boolean binary, long bytes);

	/** A read returned {@code Timeout}. */
	void readTimedOut();

}
