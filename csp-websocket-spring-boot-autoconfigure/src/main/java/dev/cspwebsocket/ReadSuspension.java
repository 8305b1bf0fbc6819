package dev.cspwebsocket;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Pauses and resumes reading from the client, so that a server that does not read yet
 * pushes back through TCP instead of piling messages up in memory. Implementations are
 * called under the owning {@link Connection}'s lock.
 *
 * @author csp-websocket-spring-boot
 */
interface ReadSuspension {

	boolean TOMCAT_PRESENT = ClassUtils.isPresent("org.apache.tomcat.websocket.WsSession",
			ReadSuspension.class.getClassLoader());

	/** No way to pause the container: the inbound buffer limit closes the socket. */
	ReadSuspension UNSUPPORTED = new ReadSuspension() {

		@Override
		public boolean suspend() {
			return false;
		}

		@Override
		public void resume() {
		}

	};

	/**
	 * Stop reading from the client.
	 * @return {@code false} when the container cannot pause reading
	 */
	boolean suspend();

	void resume();

	static ReadSuspension of(WebSocketSession session) {
		if (TOMCAT_PRESENT && session instanceof NativeWebSocketSession nativeSession) {
			ReadSuspension tomcat = TomcatReadSuspension.of(nativeSession.getNativeSession());
			if (tomcat != null) {
				return tomcat;
			}
		}
		return UNSUPPORTED;
	}

}
