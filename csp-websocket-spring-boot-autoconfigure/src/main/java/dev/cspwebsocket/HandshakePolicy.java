package dev.cspwebsocket;

import java.util.List;

/**
 * What a handshake must bring and what it gets. Immutable.
 *
 * @param allowedOrigins origins allowed to open sockets besides the server's own; empty
 * for same-origin only
 * @param allowedOriginPatterns origin patterns (such as {@code https://*.example.com})
 * allowed besides the server's own
 * @param permessageDeflate whether to accept the {@code permessage-deflate} extension
 * @param createSession whether a handshake without an HTTP session gets one, as every CSP
 * request has one
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record HandshakePolicy(List<String> allowedOrigins, List<String> allowedOriginPatterns,
		boolean permessageDeflate, boolean createSession) {

	/** Same origin only, no compression, a session for every socket. */
	public static final HandshakePolicy DEFAULTS = new HandshakePolicy(List.of(), List.of(), false, true);

	public HandshakePolicy {
		allowedOrigins = List.copyOf(allowedOrigins);
		allowedOriginPatterns = List.copyOf(allowedOriginPatterns);
	}

}
