package dev.cspwebsocket;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@code write(...)} on a socket that has closed: the message was not sent.
 * IRIS reports success in that case and loses the message; here the caller always knows.
 *
 * @author csp-websocket-spring-boot
 */
public class WebSocketClosedException extends CspWebSocketException {

	private final int code;

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param code the close code of the socket
	 * @param cause the underlying failure, if any
	 */
	public WebSocketClosedException(String message, int code, @Nullable Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/**
	 * The close code of the socket.
	 * @return the close code
	 */
	public int code() {
		return this.code;
	}

}
