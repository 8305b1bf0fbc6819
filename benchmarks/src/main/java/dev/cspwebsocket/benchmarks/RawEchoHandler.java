package dev.cspwebsocket.benchmarks;

import java.io.IOException;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The baseline: what a Spring user writes without this project. Echoes on the container's
 * thread, which delivers one message of a session at a time.
 *
 * @author csp-websocket-spring-boot
 */
class RawEchoHandler extends TextWebSocketHandler {

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		session.sendMessage(message);
	}

}
