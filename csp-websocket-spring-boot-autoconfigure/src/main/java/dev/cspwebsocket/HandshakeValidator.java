package dev.cspwebsocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Answers a request that is not a valid RFC 6455 handshake with a specific status and a
 * plain-text reason, before any server object exists, and counts it. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class HandshakeValidator implements HandshakeInterceptor {

	static final String VERSION = "13";

	private final CspWebSockets sockets;

	HandshakeValidator(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		boolean valid = validate(request, response);
		if (!valid) {
			this.sockets.handshakeRejected(HandshakeRejection.BAD_REQUEST);
		}
		return valid;
	}

	private static boolean validate(ServerHttpRequest request, ServerHttpResponse response) throws IOException {
		HttpHeaders headers = request.getHeaders();
		if (request.getMethod() != HttpMethod.GET) {
			response.getHeaders().setAllow(Set.of(HttpMethod.GET));
			return reject(response, HttpStatus.METHOD_NOT_ALLOWED,
					"A WebSocket handshake is a GET request, not " + request.getMethod());
		}
		if (!"websocket".equalsIgnoreCase(headers.getUpgrade())) {
			response.getHeaders().setUpgrade("websocket");
			response.getHeaders().setConnection("Upgrade");
			return reject(response, HttpStatus.UPGRADE_REQUIRED, "This is a WebSocket endpoint: "
					+ "connect with a WebSocket client (Upgrade: websocket, Connection: Upgrade)");
		}
		if (!hasToken(headers.getConnection(), "upgrade")) {
			return reject(response, HttpStatus.BAD_REQUEST,
					"The Connection header of a WebSocket handshake must contain Upgrade");
		}
		String version = headers.getFirst(WebSocketHttpHeaders.SEC_WEBSOCKET_VERSION);
		if (!VERSION.equals(version)) {
			response.getHeaders().set(WebSocketHttpHeaders.SEC_WEBSOCKET_VERSION, VERSION);
			return reject(response, HttpStatus.UPGRADE_REQUIRED,
					"Unsupported Sec-WebSocket-Version " + version + ": this server speaks version " + VERSION);
		}
		if (!isValidKey(headers.getFirst(WebSocketHttpHeaders.SEC_WEBSOCKET_KEY))) {
			return reject(response, HttpStatus.BAD_REQUEST, "Sec-WebSocket-Key must be a base64-encoded 16-byte value");
		}
		return true;
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

	static boolean reject(ServerHttpResponse response, HttpStatusCode status, String reason) throws IOException {
		response.setStatusCode(status);
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		response.getBody().write(reason.getBytes(StandardCharsets.UTF_8));
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
