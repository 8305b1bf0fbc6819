package dev.cspwebsocket.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the starter, with their key names. Low-cardinality keys have a
 * bounded set of values (never an id of a socket, session or user) and become meter tags;
 * high-cardinality keys go to traces only.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public enum CspWebSocketObservation implements ObservationDocumentation {

	/**
	 * A WebSocket handshake of a server class, accepted or refused, on the request's
	 * thread; its span is the parent of the socket's.
	 */
	HANDSHAKE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultHandshakeObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return HandshakeKeys.values();
		}

	},

	/**
	 * A socket opened or closed: a short observation at each, not one held open for the
	 * socket's life.
	 */
	SOCKET {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultSocketObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return SocketKeys.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return SocketHighCardinalityKeys.values();
		}

	},

	/** A call from this node to another node of the cluster. */
	CLUSTER_CALL {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultClusterCallObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ClusterCallKeys.values();
		}

	};

	/** The low-cardinality keys of {@link #HANDSHAKE}. */
	public enum HandshakeKeys implements KeyName {

		/**
		 * The CSP application of the URL, such as {@code user} for {@code /csp/user/}.
		 */
		APPLICATION("application"),

		/** The server class, such as {@code MyApp.MyWebSocketServer}. */
		SERVER("server"),

		/** {@code accepted}, {@code refused} or {@code resumed}. */
		OUTCOME("outcome"),

		/**
		 * Why a handshake was refused, as the {@code csp.websocket.handshakes.rejected}
		 * meter tags it; {@code none} when accepted.
		 */
		REASON("reason");

		private final String name;

		HandshakeKeys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

	/** The low-cardinality keys of {@link #SOCKET}. */
	public enum SocketKeys implements KeyName {

		/** The CSP application of the URL. */
		APPLICATION("application"),

		/** The server class. */
		SERVER("server"),

		/** {@code dedicated} or {@code shared}. */
		MODE("mode"),

		/** {@code opened} or {@code closed}. */
		EVENT("event"),

		/**
		 * The class of a close, as the {@code csp.websocket.sockets.closed} meter tags
		 * it; {@code none} when opened.
		 */
		REASON("reason");

		private final String name;

		SocketKeys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

	/** The high-cardinality keys of {@link #SOCKET}. */
	public enum SocketHighCardinalityKeys implements KeyName {

		/** The socket's short id, as the starter logs it. */
		WEBSOCKET_ID("websocket.id"),

		/** The close code, such as {@code 1000}; only when closed. */
		CLOSE_CODE("close.code");

		private final String name;

		SocketHighCardinalityKeys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

	/** The low-cardinality keys of {@link #CLUSTER_CALL}. */
	public enum ClusterCallKeys implements KeyName {

		/** What was asked of the other node, such as {@code write} or {@code end}. */
		OPERATION("operation"),

		/**
		 * {@code success}, {@code not-found}, {@code closed}, {@code failed},
		 * {@code refused} (the other node cannot read this node's format) or
		 * {@code timeout}.
		 */
		OUTCOME("outcome");

		private final String name;

		ClusterCallKeys(String name) {
			this.name = name;
		}

		@Override
		public String asString() {
			return this.name;
		}

	}

}
