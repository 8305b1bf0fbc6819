package dev.cspwebsocket.benchmarks;

import java.io.IOException;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The baseline: what a Spring user writes without this project. Echoes text as text and
 * binary as binary on the container's thread, which delivers one message of a session at
 * a time.
 *
 * @author csp-websocket-spring-boot
 */
class RawEchoHandler extends AbstractWebSocketHandler {

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		session.sendMessage(message);
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
		session.sendMessage(message);
	}

}
