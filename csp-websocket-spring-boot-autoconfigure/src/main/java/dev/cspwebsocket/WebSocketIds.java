package dev.cspwebsocket;

/**
 * Shows socket ids shortened. An id is 160 bits from a {@code SecureRandom},
 * base64url-encoded. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class WebSocketIds {

	/** How many characters of an id logs and messages show: 36 of its 160 bits. */
	private static final int SHOWN = 6;

	private WebSocketIds() {
	}

	/**
	 * The id as logs and exception messages show it: a prefix that still leaves 124
	 * unguessable bits.
	 * @param id the socket id
	 * @return the prefix, with an ellipsis
	 */
	public static String shown(String id) {
		return id.substring(0, SHOWN) + "…";
	}

}
