package dev.cspwebsocket;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the exceptions thrown by the CSP WebSocket API.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class CspWebSocketException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong and what to do
	 * @param cause the underlying failure, if any
	 */
	public CspWebSocketException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Create an exception.
	 * @param message what went wrong and what to do
	 */
	public CspWebSocketException(String message) {
		super(message);
	}

}
