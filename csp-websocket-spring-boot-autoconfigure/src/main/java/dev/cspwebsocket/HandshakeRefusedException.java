package dev.cspwebsocket;

import org.springframework.http.HttpStatusCode;

/**
 * Thrown from {@link CspWebSocket#onPreServer()} to refuse the connection: the client
 * gets the given HTTP status (not 101) with the message as a plain-text body, and no
 * {@code server()} runs.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class HandshakeRefusedException extends CspWebSocketException {

	private final HttpStatusCode status;

	/**
	 * Refuse the handshake.
	 * @param status the HTTP status for the client, a 4xx or 5xx
	 * @param message the reason, sent to the client as the response body
	 */
	public HandshakeRefusedException(HttpStatusCode status, String message) {
		super(message);
		if (!status.isError()) {
			throw new IllegalArgumentException("A refused handshake needs a 4xx or 5xx status, not " + status);
		}
		this.status = status;
	}

	/**
	 * The HTTP status the client gets.
	 * @return the status
	 */
	public HttpStatusCode status() {
		return this.status;
	}

}
