package dev.cspwebsocket;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Thrown by {@link CspWebSockets#openServer(String)} when no socket with the id is open:
 * the id is unknown, or its socket has ended. IRIS's {@code OpenServer} reports success
 * then, and the messages written later are lost; here the caller always knows.
 * <p>
 * Left to escape a Spring MVC or WebFlux controller, it answers 404 Not Found (the id in
 * a request names nothing there), not 500; an {@code @ExceptionHandler} words the answer
 * otherwise. Immutable.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class WebSocketNotFoundException extends CspWebSocketException {

	/**
	 * Create an exception.
	 * @param message what was not found, naming the id
	 */
	public WebSocketNotFoundException(String message) {
		super(message);
	}

}
