package dev.cspwebsocket.engine;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/**
 * What a socket's callbacks run in, on whatever thread: the thread-locals of its
 * handshake's thread (the handshake's observation, so its trace, and the MDC, through
 * Micrometer's context propagation), and the socket's short id and server class in the
 * MDC. Immutable; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class SocketThreadContext {

	/** The MDC key of the socket's short id. */
	static final String WEBSOCKET_ID = "csp.webSocketId";

	/** The MDC key of the socket's server class. */
	static final String SERVER_CLASS = "csp.serverClass";

	private static final boolean MDC_PRESENT = ClassUtils.isPresent("org.slf4j.MDC",
			SocketThreadContext.class.getClassLoader());

	private final ContextSnapshot snapshot;

	private final @Nullable Observation handshake;

	private final String webSocketId;

	private final String serverClass;

	SocketThreadContext(ContextSnapshot snapshot, @Nullable Observation handshake, String webSocketId,
			String serverClass) {
		this.snapshot = snapshot;
		this.handshake = handshake;
		this.webSocketId = webSocketId;
		this.serverClass = serverClass;
	}

	/** The observation of the socket's handshake, the parent of the socket's own. */
	@Nullable Observation handshake() {
		return this.handshake;
	}

	/** Run {@code action} in this context, and put the thread back as it was. */
	void run(Runnable action) {
		try (Scope scope = open()) {
			action.run();
		}
	}

	/**
	 * Set this context on the calling thread until the scope closes; scopes nest, and
	 * close in the reverse order.
	 */
	Scope open() {
		ContextSnapshot.Scope restored = this.snapshot.setThreadLocals();
		if (!MDC_PRESENT) {
			return restored::close;
		}
		Scope keys = Mdc.put(this.webSocketId, this.serverClass);
		return () -> {
			keys.close();
			restored.close();
		};
	}

	/** A context set on a thread, until closed. */
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

	/** Loaded only when SLF4J is present. */
	private static final class Mdc {

		static Scope put(String webSocketId, String serverClass) {
			String previousId = MDC.get(WEBSOCKET_ID);
			String previousClass = MDC.get(SERVER_CLASS);
			MDC.put(WEBSOCKET_ID, webSocketId);
			MDC.put(SERVER_CLASS, serverClass);
			return () -> {
				restore(WEBSOCKET_ID, previousId);
				restore(SERVER_CLASS, previousClass);
			};
		}

		private static void restore(String key, @Nullable String previous) {
			if (previous != null) {
				MDC.put(key, previous);
			}
			else {
				MDC.remove(key);
			}
		}

	}

}
