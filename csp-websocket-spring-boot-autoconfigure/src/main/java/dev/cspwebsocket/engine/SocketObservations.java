package dev.cspwebsocket.engine;

import dev.cspwebsocket.observation.CspWebSocketObservation;
import dev.cspwebsocket.observation.DefaultHandshakeObservationConvention;
import dev.cspwebsocket.observation.DefaultSocketObservationConvention;
import dev.cspwebsocket.observation.HandshakeObservationContext;
import dev.cspwebsocket.observation.HandshakeObservationConvention;
import dev.cspwebsocket.observation.SocketObservationContext;
import dev.cspwebsocket.observation.SocketObservationConvention;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The observations of the engine's handshakes and sockets, and the thread context each
 * socket's callbacks run in. Observes nothing until given a registry. Thread-safe;
 * configured before the engine starts.
 *
 * @author csp-websocket-spring-boot
 */
final class SocketObservations {

	private static final HandshakeObservationConvention DEFAULT_HANDSHAKE = new DefaultHandshakeObservationConvention();

	private static final SocketObservationConvention DEFAULT_SOCKET = new DefaultSocketObservationConvention();

	private static final ContextSnapshot NOTHING = ContextSnapshotFactory.builder()
		.contextRegistry(new ContextRegistry())
		.build()
		.captureAll();

	private final ContextSnapshotFactory snapshots;

	private final ContextSnapshotFactory restorer;

	private volatile ObservationRegistry registry = ObservationRegistry.NOOP;

	private volatile @Nullable HandshakeObservationConvention handshakeConvention;

	private volatile @Nullable SocketObservationConvention socketConvention;

	/**
	 * Every thread-local that the application's context propagation knows, and the whole
	 * MDC; but not Spring Security's context, which a dedicated server gets of its own
	 * ({@code HandshakeSecurityContext}) and from which a shared socket is detached.
	 */
	SocketObservations() {
		ContextRegistry registry = threadLocals();
		this.snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).build();
		this.restorer = ContextSnapshotFactory.builder().contextRegistry(registry).clearMissing(true).build();
	}

	private static ContextRegistry threadLocals() {
		ContextRegistry registry = new ContextRegistry();
		ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((accessor) -> !accessor.getClass().getName().startsWith("org.springframework.security."))
			.forEach(registry::registerThreadLocalAccessor);
		if (ClassUtils.isPresent("org.slf4j.MDC", SocketObservations.class.getClassLoader())) {
			registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
		}
		return registry;
	}

	void setRegistry(ObservationRegistry registry) {
		this.registry = registry;
	}

	void setHandshakeConvention(@Nullable HandshakeObservationConvention convention) {
		this.handshakeConvention = convention;
	}

	void setSocketConvention(@Nullable SocketObservationConvention convention) {
		this.socketConvention = convention;
	}

	/** The observation of a handshake, not started. */
	Observation handshake(HandshakeObservationContext context) {
		return CspWebSocketObservation.HANDSHAKE.observation(this.handshakeConvention, DEFAULT_HANDSHAKE, () -> context,
				this.registry);
	}

	/**
	 * Stop a handshake's observation, and let go of its parent, the request's: the socket
	 * holds the handshake's for its life, as the parent of its own and as what is current
	 * in its callbacks, and the request's holds the request (on WebFlux, the exchange and
	 * its attributes). A tracer has taken what it needs of the parent at the start.
	 */
	void handshakeEnded(Observation handshake) {
		handshake.stop();
		handshake.getContext().setParentObservation(null);
	}

	/**
	 * Put the calling thread's context back as it is now when the scope closes: what
	 * {@code onPreServer()} puts in the MDC is the socket's, not the request thread's.
	 */
	ContextSnapshot.Scope keepThreadLocals() {
		return this.restorer.captureAll().setThreadLocals();
	}

	/** The context of a socket whose handshake has not taken it yet: its ids alone. */
	SocketThreadContext uncaptured(String webSocketId, String serverClass) {
		return new SocketThreadContext(NOTHING, null, webSocketId, serverClass);
	}

	/**
	 * The context of a socket whose handshake runs on the calling thread, for its
	 * callbacks on other threads.
	 */
	SocketThreadContext capture(String webSocketId, String serverClass) {
		return new SocketThreadContext(this.snapshots.captureAll(), this.registry.getCurrentObservation(), webSocketId,
				serverClass);
	}

	/** A socket has opened: a short observation, a child of its handshake's. */
	void opened(Connection connection) {
		observe(connection, new SocketObservationContext(connection.application(), connection.serverClass(),
				connection.isSharedConnection(), connection.shownId(), null, null));
	}

	/** A socket has closed: a short observation, a child of its handshake's. */
	void closed(Connection connection) {
		observe(connection,
				new SocketObservationContext(connection.application(), connection.serverClass(),
						connection.isSharedConnection(), connection.shownId(), connection.closeCode(),
						connection.closeReason()));
	}

	private void observe(Connection connection, SocketObservationContext context) {
		ObservationRegistry registry = this.registry;
		if (registry.isNoop()) {
			return;
		}
		Observation observation = CspWebSocketObservation.SOCKET.observation(this.socketConvention, DEFAULT_SOCKET,
				() -> context, registry);
		observation.parentObservation(connection.threadContext().handshake());
		observation.start();
		observation.stop();
	}

}
