package dev.cspwebsocket;

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

		Refused(HttpStatusCode status, String reason) {
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

		private final Connection connection;

		private final SocketLifecycle lifecycle;

		private final SocketLimits limits;

		private final boolean permessageDeflate;

		Accepted(Connection connection, SocketLifecycle lifecycle, SocketLimits limits, boolean permessageDeflate) {
			this.connection = connection;
			this.lifecycle = lifecycle;
			this.limits = limits;
			this.permessageDeflate = permessageDeflate;
		}

		/**
		 * The socket, to tell what happens to its connection.
		 * @return the socket
		 */
		public TransportListener socket() {
			return this.connection;
		}

		/**
		 * The subprotocol to agree on with the client.
		 * @return the subprotocol, or {@code null} for none
		 */
		public @Nullable String subprotocol() {
			return this.connection.subprotocol();
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
			this.lifecycle.upgradeFailed(this.connection);
		}

	}

}
