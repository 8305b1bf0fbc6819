package dev.cspwebsocket;

import java.util.Locale;

/**
 * Why a handshake was answered with an HTTP error instead of a socket, or with a socket
 * closed at once.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public enum HandshakeRejection {

	/** A server URL of no registered server class or application (404). */
	NOT_FOUND,

	/**
	 * Not a valid WebSocket handshake: method, headers, version or key (400, 405, 426).
	 */
	BAD_REQUEST,

	/** A page of a foreign origin (403). */
	ORIGIN,

	/** The client offers subprotocols, none of which the server speaks (400). */
	SUBPROTOCOL,

	/** A connection limit was reached (503). */
	LIMIT,

	/** The application is shutting down (503). */
	SHUTTING_DOWN,

	/** {@code onPreServer()} refused it with a {@code HandshakeRefusedException}. */
	REFUSED,

	/** {@code onPreServer()} failed (500). */
	ERROR,

	/**
	 * A resume refused: an ended or unknown socket, another server, session or user, or a
	 * wrong secret (closed at once with 4010, which a browser can see).
	 */
	RESUME;

	/**
	 * The reason as a meter tag value, such as {@code not-found}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
