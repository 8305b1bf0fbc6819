package dev.cspwebsocket;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * The socket a server object is bound to, as {@link CspWebSocket} works it: the
 * {@link WebSocketServer} operations and what only the socket's own server may do, so
 * that the base class knows nothing of the engine. Implemented by the engine, with
 * {@link ServerBinding}; not for applications. Thread-safe as {@link WebSocketServer}.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface BoundSocket extends WebSocketServer {

	/**
	 * Set the mode; in {@code onPreServer()} only.
	 * @param shared whether the socket is a shared connection
	 */
	void setSharedConnection(boolean shared);

	/**
	 * Set whether a dropped connection leaves the socket away, to be resumed; in
	 * {@code onPreServer()} only, on a shared connection.
	 * @param resumable whether it is resumable
	 */
	void setResumable(boolean resumable);

	/**
	 * Whether the socket was made resumable.
	 * @return whether it was
	 */
	boolean isResumable();

	/**
	 * The HTTP session: the request's during the handshake, then as its store has it.
	 * @param <S> the session type
	 * @param type the session type
	 * @return the session, or {@code null} when there is none
	 * @throws IllegalArgumentException when the session is not a {@code type}
	 */
	<S> @Nullable S session(Class<S> type);

	/**
	 * The handshake's authenticated user.
	 * @return the user, or {@code null} when there is none
	 */
	@Nullable Principal principal();

	/**
	 * Set whether the HTTP session ends when the socket closes.
	 * @param sessionEndOnClose whether it ends
	 */
	void setSessionEndOnClose(boolean sessionEndOnClose);

	/**
	 * Whether the handshake is still on: {@code onPreServer()} is running.
	 * @return whether it is
	 */
	boolean isHandshaking();

	/**
	 * The handshake request, while it is on.
	 * @return the handshake
	 */
	Handshake handshake();

}
