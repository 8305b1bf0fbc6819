package dev.cspwebsocket.transport;

import java.net.URI;

import dev.cspwebsocket.Handshake;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A handshake request as a container adapter hands it to {@link CspHandshakes}. Internal
 * to the starter: not for applications, and it may change between versions. Used on the
 * request's thread only.
 *
 * @author csp-websocket-spring-boot
 */
public interface HandshakeRequest {

	/**
	 * The request method.
	 * @return the method
	 */
	HttpMethod method();

	/**
	 * The request headers.
	 * @return the headers
	 */
	HttpHeaders headers();

	/**
	 * The request's URI as the server sees it: its scheme, host and port are the server's
	 * own origin.
	 * @return the URI
	 */
	URI uri();

	/**
	 * The id of the request's HTTP session, without making one.
	 * @return the id, or {@code null} when the request has no session yet
	 */
	@Nullable String sessionId();

	/**
	 * The request's HTTP session, as a socket is tied to it.
	 * @param create whether to make a session when the request has none
	 * @return the session, or {@code null} when there is none
	 */
	@Nullable TiedSession session(boolean create);

	/**
	 * The request's own session object, for {@code onPreServer()}, once
	 * {@link #session(boolean)} has been asked for.
	 * @return the session, or {@code null} when there is none
	 */
	default @Nullable Object requestSession() {
		return null;
	}

	/**
	 * The request as {@code onPreServer()} sees it.
	 * @param subprotocol the subprotocol chosen for the socket, if any
	 * @return the handshake
	 */
	Handshake handshake(@Nullable String subprotocol);

}
