package dev.cspwebsocket.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import dev.cspwebsocket.ConnectionLimits;
import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.routing.Route;
import org.jspecify.annotations.Nullable;

/**
 * Which handshakes may become sockets: none once the engine stops, and none past the
 * {@link ConnectionLimits}. Counts every admitted server object until it is released,
 * after its {@code onPostServer()}, so that shutdown can wait for them all. Thread-safe:
 * one lock guards the counts and whether handshakes are taken.
 *
 * @author csp-websocket-spring-boot
 */
final class Admission {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition serversEnded = this.lock.newCondition();

	private volatile boolean open;

	private int running;

	private final Map<String, Integer> runningByApplication = new HashMap<>();

	private final Map<String, Integer> runningByServerClass = new HashMap<>();

	private final Map<String, Integer> runningBySession = new HashMap<>();

	private volatile ConnectionLimits limits = ConnectionLimits.DEFAULTS;

	private final LongAdder limitRejections = new LongAdder();

	void setLimits(ConnectionLimits limits) {
		this.limits = limits;
	}

	/** Take handshakes from now on. */
	void open() {
		this.lock.lock();
		try {
			this.open = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Take no handshake from now on: no handshake is admitted after this returns. */
	void close() {
		this.lock.lock();
		try {
			this.open = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isOpen() {
		return this.open;
	}

	/**
	 * Admit a handshake: from here until {@link #release}, it counts against the limits.
	 * @param route what the handshake asks for
	 * @param sessionId the handshake's HTTP session, if it has one yet
	 * @return why it is refused, or {@code null} when it is admitted
	 */
	@Nullable Refusal admit(Route route, @Nullable String sessionId) {
		String application = route.application();
		String serverClass = route.serverClass().name();
		ConnectionLimits limits = this.limits;
		this.lock.lock();
		try {
			if (!this.open) {
				return new Refusal(HandshakeRejection.SHUTTING_DOWN, "The server is shutting down");
			}
			String reached = Stream.of(reached(limits.total(), this.running, "in all"),
					reached(limits.perApplication(), this.runningByApplication.get(application),
							"for application " + application),
					reached(limits.perServerClass(), this.runningByServerClass.get(serverClass), "for " + serverClass),
					reached(limits.perSession(), (sessionId != null) ? this.runningBySession.get(sessionId) : null,
							"per HTTP session"))
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(null);
			if (reached != null) {
				this.limitRejections.increment();
				return new Refusal(HandshakeRejection.LIMIT,
						"Too many WebSockets: the limit of " + reached + " is reached; try again later");
			}
			this.running++;
			this.runningByApplication.merge(application, 1, Integer::sum);
			this.runningByServerClass.merge(serverClass, 1, Integer::sum);
			if (sessionId != null) {
				this.runningBySession.merge(sessionId, 1, Integer::sum);
			}
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** An admitted handshake got a new HTTP session: count it there too. */
	void admitSession(String sessionId) {
		this.lock.lock();
		try {
			this.runningBySession.merge(sessionId, 1, Integer::sum);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** An admitted handshake, or its server object, is done with: stop counting it. */
	void release(Route route, @Nullable String sessionId) {
		this.lock.lock();
		try {
			this.runningByApplication.computeIfPresent(route.application(), Admission::lessOne);
			this.runningByServerClass.computeIfPresent(route.serverClass().name(), Admission::lessOne);
			if (sessionId != null) {
				this.runningBySession.computeIfPresent(sessionId, Admission::lessOne);
			}
			if (--this.running == 0) {
				this.serversEnded.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many admitted server objects of an HTTP session are not released yet. */
	int running(String sessionId) {
		this.lock.lock();
		try {
			return this.runningBySession.getOrDefault(sessionId, 0);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many admitted server objects are not released yet. */
	int running() {
		this.lock.lock();
		try {
			return this.running;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many handshakes a limit has refused. */
	long limitRejections() {
		return this.limitRejections.sum();
	}

	/** Wait until every admitted server object is released, or the thread interrupted. */
	void awaitReleased() {
		this.lock.lock();
		try {
			while (this.running > 0) {
				this.serversEnded.await();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	private static @Nullable String reached(int limit, @Nullable Integer running, String scope) {
		return (limit > 0 && running != null && running >= limit) ? limit + " sockets " + scope : null;
	}

	private static @Nullable Integer lessOne(String key, Integer count) {
		return (count > 1) ? count - 1 : null;
	}

	/**
	 * Why a handshake is not admitted, and what its client is told.
	 *
	 * @param rejection the class of the refusal
	 * @param reason what the client is told
	 */
	record Refusal(HandshakeRejection rejection, String reason) {
	}

}
