package dev.cspwebsocket;

import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * {@link ReadSuspension} through Tomcat's {@code WsSession.suspend()} and
 * {@code resume()}. Loaded only when Tomcat's WebSocket classes are present.
 *
 * @author csp-websocket-spring-boot
 */
final class TomcatReadSuspension implements ReadSuspension {

	private final WsSession session;

	private TomcatReadSuspension(WsSession session) {
		this.session = session;
	}

	static @Nullable ReadSuspension of(Object nativeSession) {
		return (nativeSession instanceof WsSession wsSession) ? new TomcatReadSuspension(wsSession) : null;
	}

	@Override
	public boolean suspend() {
		this.session.suspend();
		return true;
	}

	@Override
	public void resume() {
		this.session.resume();
	}

}
