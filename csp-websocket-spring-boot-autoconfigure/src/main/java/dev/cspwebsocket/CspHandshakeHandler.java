package dev.cspwebsocket;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake, with the subprotocol chosen by the server class's own rule, so that
 * the one echoed to the client is the one {@code onPreServer()} saw.
 *
 * @author csp-websocket-spring-boot
 */
final class CspHandshakeHandler extends DefaultHandshakeHandler {

	@Override
	protected @Nullable String selectProtocol(List<String> requestedProtocols, WebSocketHandler webSocketHandler) {
		Route route = ((CspWebSocketHandler) WebSocketHandlerDecorator.unwrap(webSocketHandler)).route();
		return route.serverClass().selectSubprotocol(requestedProtocols);
	}

}
