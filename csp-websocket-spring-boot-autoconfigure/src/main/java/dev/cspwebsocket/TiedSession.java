package dev.cspwebsocket;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The HTTP session a socket is tied to, reached through the store that keeps it: the
 * servlet container's, or Spring Session's repository when the request came through
 * Spring Session's filter. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
interface TiedSession {

	/**
	 * The request attribute under which Spring Session's filter leaves its repository.
	 */
	String SPRING_SESSION_REPOSITORY_ATTRIBUTE = "org.springframework.session.SessionRepository";

	/**
	 * The session of a handshake request.
	 * @param request the handshake request
	 * @param session the request's session
	 * @return the session, as the socket keeps it after the request
	 */
	static TiedSession of(HttpServletRequest request, HttpSession session) {
		Object repository = request.getAttribute(SPRING_SESSION_REPOSITORY_ATTRIBUTE);
		return (repository != null)
				? new SpringSessionTiedSession(repository, session.getId(), request.getServletContext())
				: new ContainerTiedSession(session);
	}

	/** The session id. */
	String id();

	/**
	 * The session as it is now in its store, for a server outside the handshake request.
	 */
	HttpSession httpSession();

	/**
	 * Check that the session still lives and, when {@code touch}, mark it accessed now.
	 * @return {@code false} when the session has ended (invalidated, timed out, or its id
	 * changed)
	 */
	boolean keepAlive(boolean touch);

	/** End the session, if it still lives. */
	void invalidate();

}
