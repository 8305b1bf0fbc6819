package dev.cspwebsocket;

import java.io.IOException;
import java.util.List;
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
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Creates the server object of a valid handshake and runs its {@code onPreServer()},
 * which may refuse the socket; when the upgrade fails after that, runs its
 * {@code onPostServer()}. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspHandshakeInterceptor implements HandshakeInterceptor {

	private static final String PENDING_SERVER_ATTRIBUTE = CspHandshakeInterceptor.class.getName() + ".server";

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
		if (!this.sockets.admit()) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
			return HandshakeValidator.reject(response, HttpStatus.SERVICE_UNAVAILABLE, "The server is shutting down");
		}
		Route route = route(wsHandler);
		Connection connection = new Connection(WebSocketIds.next(), sessionId(request), route,
				handshake(request, route.serverClass()), this.limits, this.sockets);
		CspWebSocket server;
		try {
			server = this.beanFactory.getBean(route.serverClass().beanName(), CspWebSocket.class);
			server.bind(connection);
			server.onPreServer();
		}
		catch (HandshakeRefusedException ex) {
			logger.debug("onPreServer() of " + route + " refused the handshake: " + ex.getMessage());
			this.sockets.abandon(null, route);
			return HandshakeValidator.reject(response, ex.status(), ex.getMessage());
		}
		catch (Exception ex) {
			logger.error("Starting the server of " + route + " failed; answering 500", ex);
			this.sockets.abandon(null, route);
			return HandshakeValidator.reject(response, HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket server failed to start");
		}
		finally {
			connection.handshakeDone();
		}
		attributes.put(CspWebSocketHandler.CONNECTION_ATTRIBUTE, connection);
		attributes.put(CspWebSocketHandler.SERVER_ATTRIBUTE, server);
		servletRequest(request).setAttribute(PENDING_SERVER_ATTRIBUTE, server);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		HttpServletRequest servletRequest = servletRequest(request);
		CspWebSocket server = (CspWebSocket) servletRequest.getAttribute(PENDING_SERVER_ATTRIBUTE);
		servletRequest.removeAttribute(PENDING_SERVER_ATTRIBUTE);
		boolean upgraded = exception == null && response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
		if (server != null && !upgraded) {
			// onPreServer() ran, but the upgrade failed after it: no socket will open.
			this.sockets.abandon(server, route(wsHandler));
		}
	}

	private static Route route(WebSocketHandler wsHandler) {
		return ((CspWebSocketHandler) WebSocketHandlerDecorator.unwrap(wsHandler)).route();
	}

	private static Handshake handshake(ServerHttpRequest request, ServerClass serverClass) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		servletRequest(request).getParameterMap().forEach((name, values) -> query.addAll(name, List.of(values)));
		String subprotocol = serverClass
			.selectSubprotocol(new WebSocketHttpHeaders(request.getHeaders()).getSecWebSocketProtocol());
		return new Handshake(request.getURI(), query, HttpHeaders.readOnlyHttpHeaders(request.getHeaders()),
				request.getRemoteAddress(), request.getPrincipal(), subprotocol);
	}

	private static @Nullable String sessionId(ServerHttpRequest request) {
		HttpSession session = servletRequest(request).getSession(false);
		return (session != null) ? session.getId() : null;
	}

	private static HttpServletRequest servletRequest(ServerHttpRequest request) {
		return ((ServletServerHttpRequest) request).getServletRequest();
	}

}
