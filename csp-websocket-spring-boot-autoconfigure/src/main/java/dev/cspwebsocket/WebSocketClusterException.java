package dev.cspwebsocket;

/**
 * Thrown when an operation on a socket of another node, or a look-up across the cluster,
 * cannot be done: the cluster's store is unreachable, or the node that holds the socket
 * did not answer in time. The sockets of this node are not affected.
 * <p>
 * A write that throws it may or may not have reached the owning node; it was not
 * confirmed, so treat it as not sent.
 *
 * @author csp-websocket-spring-boot
 */
public class WebSocketClusterException extends CspWebSocketException {

	/**
	 * Create an exception.
	 * @param message what failed and why
	 */
	public WebSocketClusterException(String message) {
		super(message);
	}

	/**
	 * Create an exception.
	 * @param message what failed and why
	 * @param cause the underlying failure
	 */
	public WebSocketClusterException(String message, Throwable cause) {
		super(message, cause);
	}

}
