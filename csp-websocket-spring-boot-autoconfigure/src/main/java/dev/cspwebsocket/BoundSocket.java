package dev.cspwebsocket;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * The socket a server object is bound to, as {@link CspWebSocket} works it: the
 * {@link WebSocketServer} operations and what only the socket's own server may do, so
 * that the base class knows nothing of the engine. Thread-safe as
 * {@link WebSocketServer}.
 *
 * @author csp-websocket-spring-boot
 */
interface BoundSocket extends WebSocketServer {

	/** Set the mode; in {@code onPreServer()} only. */
	void setSharedConnection(boolean shared);

	/**
	 * The HTTP session: the request's during the handshake, then as its store has it.
	 * @throws IllegalArgumentException when the session is not a {@code type}
	 */
	<S> @Nullable S session(Class<S> type);

	/** The handshake's authenticated user. */
	@Nullable Principal principal();

	void setSessionEndOnClose(boolean sessionEndOnClose);

	/** Whether the handshake is still on: {@code onPreServer()} is running. */
	boolean isHandshaking();

	/** The handshake request, while it is on. */
	Handshake handshake();

}
