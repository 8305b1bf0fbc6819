package dev.cspwebsocket;

import java.io.IOException;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.WebUtils;

/**
 * Refuses, with 403 and a reason, a handshake from a page of a foreign origin, so that
 * another site cannot open sockets with the user's cookies (cross-site WebSocket
 * hijacking). Same-origin only unless origins are allowed. Immutable; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class OriginValidator implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(OriginValidator.class);

	private final CorsConfiguration allowed = new CorsConfiguration();

	private final CspWebSockets sockets;

	OriginValidator(HandshakePolicy policy, CspWebSockets sockets) {
		this.sockets = sockets;
		this.allowed.setAllowedOrigins(policy.allowedOrigins());
		this.allowed.setAllowedOriginPatterns(policy.allowedOriginPatterns());
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		// The same rule as Spring's OriginHandshakeInterceptor: no Origin counts as the
		// same.
		String origin = request.getHeaders().getOrigin();
		if (WebUtils.isSameOrigin(request) || this.allowed.checkOrigin(origin) != null) {
			return true;
		}
		this.sockets.handshakeRejected(HandshakeRejection.ORIGIN);
		logger.debug("Refused a WebSocket handshake from origin " + origin
				+ "; allow it with csp.websocket.allowed-origins or csp.websocket.allowed-origin-patterns");
		return HandshakeValidator.reject(response, HttpStatus.FORBIDDEN,
				"Origin " + origin + " is not allowed to open WebSockets here");
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
