package dev.cspwebsocket;

import java.util.List;

/**
 * Thrown when an operation on a socket of another node, or a look-up across the cluster,
 * cannot be done: the cluster's store is unreachable, or the node that holds the socket
 * did not answer in time. The sockets of this node are not affected.
 * <p>
 * A write that throws it may or may not have reached the owning node; it was not
 * confirmed, so treat it as not sent. A look-up across the cluster that throws it still
 * found this node's own sockets: {@link #localServers()}, to deliver to them anyway.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class WebSocketClusterException extends CspWebSocketException {

	private final transient List<WebSocketServer> localServers;

	/**
	 * Create an exception.
	 * @param message what failed and why
	 */
	public WebSocketClusterException(String message) {
		super(message);
		this.localServers = List.of();
	}

	/**
	 * Create an exception.
	 * @param message what failed and why
	 * @param cause the underlying failure
	 */
	public WebSocketClusterException(String message, Throwable cause) {
		this(message, cause, List.of());
	}

	/**
	 * Create an exception for a look-up that found this node's sockets only.
	 * @param message what failed and why
	 * @param cause the underlying failure
	 * @param localServers the sockets of this node that the look-up found
	 */
	public WebSocketClusterException(String message, Throwable cause, List<WebSocketServer> localServers) {
		super(message, cause);
		this.localServers = List.copyOf(localServers);
	}

	/**
	 * The sockets of this node that a look-up across the cluster found before the other
	 * nodes could not be asked.
	 * @return the sockets, empty for other operations
	 */
	public List<WebSocketServer> localServers() {
		return (this.localServers != null) ? this.localServers : List.of();
	}

}
