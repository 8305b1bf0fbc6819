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

	private static final String PENDING_CONNECTION_ATTRIBUTE = CspHandshakeInterceptor.class.getName() + ".connection";

	/** When a client refused for a limit or shutdown should try again. */
	private static final String RETRY_AFTER_SECONDS = "5";

	private static final Log logger = LogFactory.getLog(CspHandshakeInterceptor.class);

	private final BeanFactory beanFactory;

	private final CspWebSockets sockets;

	private final SocketLimits limits;

	private final boolean createSession;

	CspHandshakeInterceptor(BeanFactory beanFactory, CspWebSockets sockets, SocketLimits limits,
			boolean createSession) {
		this.beanFactory = beanFactory;
		this.sockets = sockets;
		this.limits = limits;
		this.createSession = createSession;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		Route route = route(wsHandler);
		HttpServletRequest servletRequest = servletRequest(request);
		HttpSession session = servletRequest.getSession(this.createSession);
		Connection connection = new Connection(WebSocketIds.next(), route, handshake(request, route.serverClass()),
				session, (session != null) ? TiedSession.of(servletRequest, session) : null, this.limits, this.sockets);
		String refusal = this.sockets.admit(connection);
		if (refusal != null) {
			logger.debug("Refused a handshake for " + route + ": " + refusal);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return HandshakeValidator.reject(response, HttpStatus.SERVICE_UNAVAILABLE, refusal);
		}
		CspWebSocket server;
		try {
			server = this.beanFactory.getBean(route.serverClass().beanName(), CspWebSocket.class);
			server.bind(connection);
			server.onPreServer();
		}
		catch (HandshakeRefusedException ex) {
			logger.debug("onPreServer() of " + route + " refused the handshake: " + ex.getMessage());
			this.sockets.abandon(null, connection);
			return HandshakeValidator.reject(response, ex.status(), ex.getMessage());
		}
		catch (Exception ex) {
			logger.error("Starting the server of " + route + " failed; answering 500", ex);
			this.sockets.abandon(null, connection);
			return HandshakeValidator.reject(response, HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket server failed to start");
		}
		finally {
			connection.handshakeDone();
		}
		attributes.put(CspWebSocketHandler.CONNECTION_ATTRIBUTE, connection);
		attributes.put(CspWebSocketHandler.SERVER_ATTRIBUTE, server);
		servletRequest.setAttribute(PENDING_SERVER_ATTRIBUTE, server);
		servletRequest.setAttribute(PENDING_CONNECTION_ATTRIBUTE, connection);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		HttpServletRequest servletRequest = servletRequest(request);
		CspWebSocket server = (CspWebSocket) servletRequest.getAttribute(PENDING_SERVER_ATTRIBUTE);
		Connection connection = (Connection) servletRequest.getAttribute(PENDING_CONNECTION_ATTRIBUTE);
		servletRequest.removeAttribute(PENDING_SERVER_ATTRIBUTE);
		servletRequest.removeAttribute(PENDING_CONNECTION_ATTRIBUTE);
		boolean upgraded = exception == null && response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
		if (server != null && connection != null && !upgraded) {
			// onPreServer() ran, but the upgrade failed after it: no socket will open.
			this.sockets.abandon(server, connection);
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

	private static HttpServletRequest servletRequest(ServerHttpRequest request) {
		return ((ServletServerHttpRequest) request).getServletRequest();
	}

}
