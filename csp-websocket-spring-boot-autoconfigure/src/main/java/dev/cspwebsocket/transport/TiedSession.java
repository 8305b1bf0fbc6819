package dev.cspwebsocket.transport;

/**
 * The HTTP session a socket is tied to, reached through the store that keeps it (the
 * servlet container's, Spring Session's repository, or WebFlux's session store), as a
 * container adapter provides it. Internal to the starter: not for applications, and it
 * may change between versions. Implementations must be thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public interface TiedSession {

	/** The session id. */
	String id();

	/**
	 * The session as it is now in its store, for a server outside the handshake request:
	 * an {@code HttpSession} on a servlet container, a {@code WebSession} on WebFlux.
	 */
	Object session();

	/**
	 * Check that the session still lives and, when {@code touch}, mark it accessed now.
	 * @return {@code false} when the session has ended (invalidated, timed out, or its id
	 * changed)
	 */
	boolean keepAlive(boolean touch);

	/**
	 * Whether the session still lives with nothing stored in it: no attribute, set by the
	 * application or by a framework.
	 */
	boolean isUnused();

	/** End the session, if it still lives. */
	void invalidate();

}
