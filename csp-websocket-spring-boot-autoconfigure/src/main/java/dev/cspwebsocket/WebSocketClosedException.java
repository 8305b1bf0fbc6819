package dev.cspwebsocket;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@code write(...)} on a socket that has closed: the message was not sent.
 * IRIS reports success in that case and loses the message; here the caller always knows.
 * <p>
 * A client may close at any moment, so a server's write to its own socket can throw this
 * in normal operation. Letting it leave {@code server()} or {@code onClientMessage()} is
 * the idiom: the server then ends as for any close, with the client's code and without an
 * error logged. Catch it only to go on with other work. Immutable.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class WebSocketClosedException extends CspWebSocketException {

	private final String webSocketId;

	private final int code;

	/**
	 * Create an exception.
	 * @param webSocketId the id of the socket that has closed
	 * @param message what went wrong
	 * @param code the close code of the socket
	 * @param cause the underlying failure, if any
	 */
	public WebSocketClosedException(String webSocketId, String message, int code, @Nullable Throwable cause) {
		super(message, cause);
		this.webSocketId = webSocketId;
		this.code = code;
	}

	/**
	 * The id of the socket that has closed: a server's own, or one it reopened with
	 * {@code openServer(id)}.
	 * @return the socket id
	 */
	public String webSocketId() {
		return this.webSocketId;
	}

	/**
	 * The close code of the socket.
	 * @return the close code
	 */
	public int code() {
		return this.code;
	}

}
