package dev.cspwebsocket;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Creates the server object of a valid handshake and runs its {@code onPreServer()},
 * which may refuse the socket. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspHandshakeInterceptor implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(CspHandshakeInterceptor.class);

	private final BeanFactory beanFactory;

	private final CspWebSockets sockets;

	private final SocketLimits limits;

	CspHandshakeInterceptor(BeanFactory beanFactory, CspWebSockets sockets, SocketLimits limits) {
		this.beanFactory = beanFactory;
		this.sockets = sockets;
		this.limits = limits;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		if (!this.sockets.isAccepting()) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			return HandshakeValidator.reject(response, HttpStatus.SERVICE_UNAVAILABLE, "The server is shutting down");
		}
		Route route = ((CspWebSocketHandler) WebSocketHandlerDecorator.unwrap(wsHandler)).route();
		Handshake handshake = handshake(request, route.serverClass());
		Connection connection = new Connection(WebSocketIds.next(), sessionId(request), route, handshake, this.limits,
				this.sockets);
		CspWebSocket server = this.beanFactory.getBean(route.serverClass().beanName(), CspWebSocket.class);
		server.bind(connection);
		try {
			server.onPreServer();
		}
		catch (HandshakeRefusedException ex) {
			logger.debug("onPreServer() of " + route + " refused the handshake: " + ex.getMessage());
			return HandshakeValidator.reject(response, ex.status(), ex.getMessage());
		}
		catch (Exception ex) {
			logger.error("onPreServer() of " + route + " failed; answering 500", ex);
			return HandshakeValidator.reject(response, HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket server failed to start");
		}
		finally {
			connection.handshakeDone();
		}
		attributes.put(CspWebSocketHandler.CONNECTION_ATTRIBUTE, connection);
		attributes.put(CspWebSocketHandler.SERVER_ATTRIBUTE, server);
		return true;
	}

	private static Handshake handshake(ServerHttpRequest request, ServerClass serverClass) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		if (request instanceof ServletServerHttpRequest servletRequest) {
			servletRequest.getServletRequest()
				.getParameterMap()
				.forEach((name, values) -> query.addAll(name, java.util.List.of(values)));
		}
		String subprotocol = serverClass
			.selectSubprotocol(new WebSocketHttpHeaders(request.getHeaders()).getSecWebSocketProtocol());
		return new Handshake(request.getURI(), query, HttpHeaders.readOnlyHttpHeaders(request.getHeaders()),
				request.getRemoteAddress(), request.getPrincipal(), subprotocol);
	}

	private static @Nullable String sessionId(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			HttpServletRequest servlet = servletRequest.getServletRequest();
			HttpSession session = servlet.getSession(false);
			return (session != null) ? session.getId() : null;
		}
		return null;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
