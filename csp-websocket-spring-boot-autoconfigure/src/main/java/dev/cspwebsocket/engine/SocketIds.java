package dev.cspwebsocket.engine;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes socket ids: 160 bits from a {@link SecureRandom}, base64url, so that no id can be
 * guessed from another. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class SocketIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private SocketIds() {
	}

	static String next() {
		byte[] bytes = new byte[20];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
