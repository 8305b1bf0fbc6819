package dev.cspwebsocket.engine;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import dev.cspwebsocket.HandshakePolicy;
import dev.cspwebsocket.transport.HandshakeOutcome;
import dev.cspwebsocket.transport.HandshakeRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

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
		List<String> origins = request.headers().getOrEmpty(HttpHeaders.ORIGIN);
		if (origins.size() > 1) {
			logger.debug("Refused a WebSocket handshake with " + origins.size() + " Origin headers");
			return new HandshakeOutcome.Refused(HttpStatus.FORBIDDEN, "A request has at most one Origin header");
		}
		// The same rule as Spring's OriginHandshakeInterceptor: no Origin counts as the
		// same.
		String origin = origins.isEmpty() ? null : origins.get(0);
		if (origin == null || isSameOrigin(origin, request.uri()) || this.allowed.checkOrigin(origin) != null) {
			return null;
		}
		logger.debug("Refused a WebSocket handshake from origin " + origin
				+ "; allow it with csp.websocket.allowed-origins or csp.websocket.allowed-origin-patterns");
		return new HandshakeOutcome.Refused(HttpStatus.FORBIDDEN,
				"Origin " + shown(origin) + " is not allowed to open WebSockets here");
	}

	/**
	 * Whether an Origin has the server's scheme, host and port (RFC 6454). One that is no
	 * URL, as any client may send, is nobody's own: never an exception, which would
	 * answer 500 and log the client's input.
	 */
	static boolean isSameOrigin(String origin, URI server) {
		try {
			UriComponents from = UriComponentsBuilder.fromUriString(origin).build();
			return Objects.equals(server.getScheme(), from.getScheme()) && from.getHost() != null
					&& from.getHost().equalsIgnoreCase(server.getHost())
					&& port(server.getScheme(), server.getPort()) == port(from.getScheme(), from.getPort());
		}
		catch (IllegalArgumentException ex) {
			// A port that is no number among them.
			return false;
		}
	}

	private static int port(@Nullable String scheme, int port) {
		if (port != -1) {
			return port;
		}
		return ("https".equals(scheme) || "wss".equals(scheme)) ? 443 : 80;
	}

	/**
	 * The client's Origin as the answer repeats it: printable ASCII, and not too much of
	 * it.
	 */
	private static String shown(String origin) {
		String printable = origin.replaceAll("[^\\x20-\\x7E]", "?");
		return (printable.length() <= 100) ? printable : printable.substring(0, 100) + "...";
	}

}
