package dev.cspwebsocket;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes socket ids: 160 bits from a {@link SecureRandom}, base64url, and shows them
 * shortened. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class WebSocketIds {

	/** How many characters of an id logs and messages show: 36 of its 160 bits. */
	private static final int SHOWN = 6;

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebSocketIds() {
	}

	static String next() {
		byte[] bytes = new byte[20];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
