package dev.cspwebsocket.transport;

import dev.cspwebsocket.routing.Route;

/**
 * The handshakes of CSP servers, as a container adapter hands them to the engine: checks
 * a request, admits it under the connection limits, ties it to its HTTP session, creates
 * its server object and runs its {@code onPreServer()}, which may refuse the socket. The
 * adapter answers a refusal, or upgrades the request. Internal to the starter: not for
 * applications, and it may change between versions. Implementations are thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public interface CspHandshakes {

	/**
	 * Take a handshake for a server.
	 * @param route the server the URL names
	 * @param request the request
	 * @return the refusal, or the accepted socket to upgrade to
	 */
	HandshakeOutcome accept(Route route, HandshakeRequest request);

	/**
	 * A handshake for a server URL that no registered server class or application has:
	 * counted, and left to end as 404.
	 */
	void notFound();

}
