package dev.cspwebsocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Refuses, with 403 and a reason, a handshake from a page of a foreign origin, so that
 * another site cannot open sockets with the user's cookies (cross-site WebSocket
 * hijacking). Same-origin only unless origins are allowed. Immutable; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class OriginValidator {

	private static final Log logger = LogFactory.getLog(OriginValidator.class);

	private final CorsConfiguration allowed = new CorsConfiguration();

	OriginValidator(HandshakePolicy policy) {
		this.allowed.setAllowedOrigins(policy.allowedOrigins());
		this.allowed.setAllowedOriginPatterns(policy.allowedOriginPatterns());
	}

	/**
	 * Check a handshake's origin.
	 * @return the refusal, or {@code null} when the origin may open sockets
	 */
	HandshakeOutcome.@Nullable Refused validate(HandshakeRequest request) {
		// The same rule as Spring's OriginHandshakeInterceptor: no Origin counts as the
		// same.
		String origin = request.headers().getOrigin();
		if (request.isSameOrigin() || this.allowed.checkOrigin(origin) != null) {
			return null;
		}
		logger.debug("Refused a WebSocket handshake from origin " + origin
				+ "; allow it with csp.websocket.allowed-origins or csp.websocket.allowed-origin-patterns");
		return new HandshakeOutcome.Refused(HttpStatus.FORBIDDEN,
				"Origin " + origin + " is not allowed to open WebSockets here");
	}

}
