package dev.cspwebsocket.benchmarks;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The broadcast's baseline on a servlet container: a Spring {@code TextWebSocketHandler}
 * that keeps its open sessions, and a loop of {@code sendMessage} over them. Tomcat's and
 * Jetty's {@code sendMessage} return once the container has written the message to the
 * connection, so each message is sent when its call returns.
 *
 * @author csp-websocket-spring-boot
 */
class RawTargetHandler extends TextWebSocketHandler implements RawTargets {

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		this.sessions.add(session);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.sessions.remove(session);
	}

	@Override
	public int count() {
		return this.sessions.size();
	}

	@Override
	public long writeToAll(String message, Runnable sent) {
		TextMessage text = new TextMessage(message);
		long written = 0;
		for (WebSocketSession session : this.sessions) {
			try {
				session.sendMessage(text);
				sent.run();
				written++;
			}
			catch (IOException | IllegalStateException ex) {
				// Closed meanwhile: not written.
			}
		}
		return written;
	}

}
