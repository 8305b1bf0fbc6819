package dev.cspwebsocket.autoconfigure;

import dev.cspwebsocket.CspWebSockets;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Closes the sockets of a servlet container session when it ends, and when its id changes
 * (as Spring Security changes it at login): a socket stays with the identity it was
 * opened under. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class HttpSessionEndListener implements HttpSessionListener, HttpSessionIdListener {

	private final CspWebSockets sockets;

	HttpSessionEndListener(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		this.sockets.sessionEnded(event.getSession().getId());
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		this.sockets.sessionEnded(oldSessionId);
	}

}
