package dev.cspwebsocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * The HTTP handshake request of a socket, as {@link CspWebSocket#onPreServer()} sees it.
 * Immutable snapshot; safe to share between threads.
 *
 * @param uri the request URI
 * @param queryParameters the decoded query parameters
 * @param headers the request headers (read-only)
 * @param remoteAddress the client's address, if known
 * @param principal the authenticated user of the request, if any
 * @param subprotocol the subprotocol chosen for the socket, if any
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record Handshake(URI uri, MultiValueMap<String, String> queryParameters, HttpHeaders headers,
		@Nullable InetSocketAddress remoteAddress, @Nullable Principal principal, @Nullable String subprotocol) {

	/**
	 * The request path, for example {@code /csp/user/MyApp.MyWebSocketServer.cls}.
	 * @return the path
	 */
	public String path() {
		return this.uri.getPath();
	}

	/**
	 * The first value of a query parameter.
	 * @param name the parameter name
	 * @return the value, or {@code null} when the parameter is absent
	 */
	public @Nullable String queryParameter(String name) {
		return this.queryParameters.getFirst(name);
	}

}
