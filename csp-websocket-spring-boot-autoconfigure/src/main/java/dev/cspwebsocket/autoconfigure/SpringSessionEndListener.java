package dev.cspwebsocket.autoconfigure;

import dev.cspwebsocket.CspWebSockets;

import org.springframework.context.ApplicationListener;
import org.springframework.session.events.SessionDestroyedEvent;

/**
 * Closes the sockets of a Spring Session session when its store reports it deleted or
 * expired; stores that report nothing are covered by the periodic session check.
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class SpringSessionEndListener implements ApplicationListener<SessionDestroyedEvent> {

	private final CspWebSockets sockets;

	SpringSessionEndListener(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public void onApplicationEvent(SessionDestroyedEvent event) {
		this.sockets.sessionEnded(event.getSessionId());
	}

}
