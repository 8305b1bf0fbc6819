package dev.cspwebsocket;

/**
 * Thrown by {@link CspWebSockets#openServer(String)} when no socket with the id is open:
 * the id is unknown, or its socket has ended. IRIS's {@code OpenServer} reports success
 * then, and the messages written later are lost; here the caller always knows.
 *
 * @author csp-websocket-spring-boot
 */
public class WebSocketNotFoundException extends CspWebSocketException {

	/**
	 * Create an exception.
	 * @param message what was not found, naming the id
	 */
	public WebSocketNotFoundException(String message) {
		super(message);
	}

}
