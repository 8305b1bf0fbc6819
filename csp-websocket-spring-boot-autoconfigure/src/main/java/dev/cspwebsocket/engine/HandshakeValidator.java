package dev.cspwebsocket.engine;

import java.util.Base64;
import java.util.List;
import java.util.Set;

import dev.cspwebsocket.transport.HandshakeOutcome;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Finds what makes a request not a valid RFC 6455 handshake, so that it is answered with
 * a specific status and reason before any server object exists. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class HandshakeValidator {

	static final String VERSION = "13";

	private static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";

	private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

	private HandshakeValidator() {
	}

	/**
	 * Check a handshake's method and headers.
	 * @return the refusal, or {@code null} for a valid handshake
	 */
	static HandshakeOutcome.@Nullable Refused validate(HttpMethod method, HttpHeaders headers) {
		if (method != HttpMethod.GET) {
			HttpHeaders allow = new HttpHeaders();
			allow.setAllow(Set.of(HttpMethod.GET));
			return new HandshakeOutcome.Refused(HttpStatus.METHOD_NOT_ALLOWED,
					"A WebSocket handshake is a GET request, not " + method, allow);
		}
		if (!"websocket".equalsIgnoreCase(headers.getUpgrade())) {
			HttpHeaders upgrade = new HttpHeaders();
			upgrade.setUpgrade("websocket");
			upgrade.setConnection("Upgrade");
			return new HandshakeOutcome.Refused(HttpStatus.UPGRADE_REQUIRED, "This is a WebSocket endpoint: "
					+ "connect with a WebSocket client (Upgrade: websocket, Connection: Upgrade)", upgrade);
		}
		if (!hasToken(headers.getConnection(), "upgrade")) {
			return new HandshakeOutcome.Refused(HttpStatus.BAD_REQUEST,
					"The Connection header of a WebSocket handshake must contain Upgrade");
		}
		// RFC 6455 11.3.1 and 11.3.5: each of these appears once. The container reads
		// only the first, so a second one must not slip through.
		List<String> versions = headers.getOrEmpty(SEC_WEBSOCKET_VERSION);
		if (versions.size() != 1 || !VERSION.equals(versions.get(0))) {
			HttpHeaders supported = new HttpHeaders();
			supported.set(SEC_WEBSOCKET_VERSION, VERSION);
			return new HandshakeOutcome.Refused(HttpStatus.UPGRADE_REQUIRED,
					((versions.size() > 1)
							? "A handshake carries one Sec-WebSocket-Version header, not " + versions.size()
							: "Unsupported Sec-WebSocket-Version " + (versions.isEmpty() ? null : versions.get(0)))
							+ ": this server speaks version " + VERSION,
					supported);
		}
		List<String> keys = headers.getOrEmpty(SEC_WEBSOCKET_KEY);
		if (keys.size() > 1) {
			return new HandshakeOutcome.Refused(HttpStatus.BAD_REQUEST,
					"A handshake carries one Sec-WebSocket-Key header, not " + keys.size());
		}
		if (!isValidKey(keys.isEmpty() ? null : keys.get(0))) {
			return new HandshakeOutcome.Refused(HttpStatus.BAD_REQUEST,
					"Sec-WebSocket-Key must be a base64-encoded 16-byte value");
		}
		return null;
	}

	private static boolean hasToken(List<String> values, String token) {
		return values.stream()
			.flatMap((value) -> List.of(value.split(",")).stream())
			.anyMatch((value) -> value.trim().equalsIgnoreCase(token));
	}

	private static boolean isValidKey(@Nullable String key) {
		if (key == null || key.length() != 24) {
			return false;
		}
		try {
			return Base64.getDecoder().decode(key).length == 16;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
