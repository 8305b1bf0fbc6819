package dev.cspwebsocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Connects the container's callbacks for the sockets of one {@link Route} to their
 * {@link Connection}s. Takes messages in parts, so that the container's buffers stay
 * small and the size limits are ours. Stateless apart from its route; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspWebSocketHandler implements WebSocketHandler {

	static final String CONNECTION_ATTRIBUTE = Connection.class.getName();

	private static final Log logger = LogFactory.getLog(CspWebSocketHandler.class);

	private static final CloseStatus UPGRADE_TOO_SLOW = CloseStatus.SERVER_ERROR
		.withReason("The socket opened too long after its handshake");

	private final Route route;

	private final CspWebSockets sockets;

	CspWebSocketHandler(Route route, CspWebSockets sockets) {
		this.route = route;
		this.sockets = sockets;
	}

	Route route() {
		return this.route;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		Connection connection = connection(session);
		connection.opened(session);
		CspWebSocket server = this.sockets.opened(connection);
		if (server == null) {
			// Given up on: the container took too long to open it, and its server has
			// ended.
			connection.close(UPGRADE_TOO_SLOW);
			return;
		}
		this.sockets.serve(server, connection);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		connection(session).received(message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		// The container reports the close that follows; the server sees it on read().
		if (logger.isDebugEnabled()) {
			logger.debug("Transport error on WebSocket " + connection(session).shownId(), exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		connection(session).closedByContainer(closeStatus);
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	private static Connection connection(WebSocketSession session) {
		return (Connection) session.getAttributes().get(CONNECTION_ATTRIBUTE);
	}

}
