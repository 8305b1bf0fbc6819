package dev.cspwebsocket.transport;

import dev.cspwebsocket.SocketLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * What {@link CspHandshakes} makes of a handshake: refused with an HTTP status, or
 * accepted, the container adapter then upgrading the request. Internal to the starter:
 * not for applications, and it may change between versions.
 *
 * @author csp-websocket-spring-boot
 */
public sealed interface HandshakeOutcome {

	/**
	 * The handshake is refused: the adapter answers with the status, the headers and the
	 * reason as a plain-text body.
	 *
	 * @param status the status
	 * @param reason what the client is told
	 * @param headers headers to add to the answer
	 */
	record Refused(HttpStatusCode status, String reason, HttpHeaders headers) implements HandshakeOutcome {

		/**
		 * Refused with no extra headers.
		 * @param status the status
		 * @param reason what the client is told
		 */
		public Refused(HttpStatusCode status, String reason) {
			this(status, reason, new HttpHeaders());
		}

	}

	/**
	 * The handshake is accepted and the socket's server object is made: the adapter
	 * upgrades the request, with the socket as its {@link TransportListener}, and reports
	 * an upgrade that failed. A socket that never opens is given up on after a few
	 * seconds.
	 */
	final class Accepted implements HandshakeOutcome {

		private final TransportListener socket;

		private final @Nullable String subprotocol;

		private final SocketLimits limits;

		private final boolean permessageDeflate;

		private final Runnable upgradeFailed;

		/**
		 * Accepted, with the socket to upgrade to.
		 * @param socket the socket
		 * @param subprotocol the subprotocol agreed on, or {@code null} for none
		 * @param limits the sizes and limits for the container
		 * @param permessageDeflate whether compression is allowed
		 * @param upgradeFailed what ends the socket's server when the upgrade fails
		 */
		public Accepted(TransportListener socket, @Nullable String subprotocol, SocketLimits limits,
				boolean permessageDeflate, Runnable upgradeFailed) {
			this.socket = socket;
			this.subprotocol = subprotocol;
			this.limits = limits;
			this.permessageDeflate = permessageDeflate;
			this.upgradeFailed = upgradeFailed;
		}

		/**
		 * The socket, to tell what happens to its connection.
		 * @return the socket
		 */
		public TransportListener socket() {
			return this.socket;
		}

		/**
		 * The subprotocol to agree on with the client.
		 * @return the subprotocol, or {@code null} for none
		 */
		public @Nullable String subprotocol() {
			return this.subprotocol;
		}

		/**
		 * The sizes and limits the container is to apply to the socket.
		 * @return the limits
		 */
		public SocketLimits limits() {
			return this.limits;
		}

		/**
		 * Whether the container may agree on {@code permessage-deflate}.
		 * @return whether compression is allowed
		 */
		public boolean permessageDeflate() {
			return this.permessageDeflate;
		}

		/**
		 * The upgrade failed: no socket will open, and the server object ends.
		 */
		public void upgradeFailed() {
			this.upgradeFailed.run();
		}

	}

}
