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
 * Admits a valid handshake under the connection limits, ties it to its HTTP session
 * (making one when configured), creates its server object and runs its
 * {@code onPreServer()}, which may refuse the socket; when the upgrade fails after that,
 * has its {@code onPostServer()} run. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspHandshakeInterceptor implements HandshakeInterceptor {

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
		HttpSession existing = servletRequest.getSession(false);
		String refusal = this.sockets.admit(route, (existing != null) ? existing.getId() : null);
		if (refusal != null) {
			logger.debug("Refused a handshake for " + route + ": " + refusal);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return HandshakeValidator.reject(response, HttpStatus.SERVICE_UNAVAILABLE, refusal);
		}
		// Only an admitted handshake gets a session made: refused ones must not fill
		// memory.
		HttpSession session = (existing != null || !this.createSession) ? existing : servletRequest.getSession(true);
		if (existing == null && session != null) {
			this.sockets.admitSession(session.getId());
		}
		Connection connection = new Connection(WebSocketIds.next(), route, handshake(request, route.serverClass()),
				session, (session != null) ? TiedSession.of(servletRequest, session) : null, this.limits, this.sockets);
		CspWebSocket server;
		try {
			server = this.beanFactory.getBean(route.serverClass().beanName(), CspWebSocket.class);
			server.bind(connection);
			server.onPreServer();
		}
		catch (HandshakeRefusedException ex) {
			logger.debug("onPreServer() of " + route + " refused the handshake: " + ex.getMessage());
			this.sockets.handshakeRejected(HandshakeRejection.REFUSED);
			this.sockets.abandon(null, connection);
			return HandshakeValidator.reject(response, ex.status(), ex.getMessage());
		}
		catch (Exception ex) {
			logger.error("Starting the server of " + route + " failed; answering 500", ex);
			this.sockets.handshakeRejected(HandshakeRejection.ERROR);
			this.sockets.abandon(null, connection);
			return HandshakeValidator.reject(response, HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket server failed to start");
		}
		finally {
			connection.handshakeDone();
		}
		this.sockets.upgrading(connection, server);
		attributes.put(CspWebSocketHandler.CONNECTION_ATTRIBUTE, connection);
		servletRequest.setAttribute(PENDING_CONNECTION_ATTRIBUTE, connection);
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
		HttpServletRequest servletRequest = servletRequest(request);
		Connection connection = (Connection) servletRequest.getAttribute(PENDING_CONNECTION_ATTRIBUTE);
		servletRequest.removeAttribute(PENDING_CONNECTION_ATTRIBUTE);
		boolean upgraded = exception == null && response instanceof ServletServerHttpResponse servletResponse
				&& servletResponse.getServletResponse().getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value();
		if (connection != null && !upgraded) {
			// onPreServer() ran, but the upgrade failed after it: no socket will open.
			this.sockets.upgradeFailed(connection);
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
