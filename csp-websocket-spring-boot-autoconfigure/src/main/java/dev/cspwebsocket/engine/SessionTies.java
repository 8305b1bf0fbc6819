package dev.cspwebsocket.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.cspwebsocket.transport.TiedSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The open sockets of each HTTP session, and the periodic check that keeps sessions with
 * client messages alive and finds those that have ended without telling. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class SessionTies {

	private static final Log logger = LogFactory.getLog(SessionTies.class);

	private final Map<String, Tie> ties = new ConcurrentHashMap<>();

	/** How many sessions have open sockets. */
	int size() {
		return this.ties.size();
	}

	/** Tie an open socket to its session, if it has one. */
	void add(Connection connection) {
		TiedSession session = connection.tiedSession();
		if (session != null) {
			this.ties.compute(session.id(), (id, tie) -> {
				Tie tied = (tie != null) ? tie : new Tie(session);
				tied.connections.add(connection);
				return tied;
			});
		}
	}

	/** A socket has closed. */
	void remove(Connection connection) {
		TiedSession session = connection.tiedSession();
		if (session != null) {
			this.ties.computeIfPresent(session.id(), (id, tie) -> {
				tie.connections.remove(connection);
				return tie.connections.isEmpty() ? null : tie;
			});
		}
	}

	/** Whether the session of a socket still lives, as far as a quick look tells. */
	boolean alive(Connection connection) {
		TiedSession session = connection.tiedSession();
		try {
			return session == null || session.keepAlive(false);
		}
		catch (RuntimeException ex) {
			// The store failed, which says nothing about the session.
			return true;
		}
	}

	/** The open sockets of a session. */
	List<Connection> connections(String sessionId) {
		Tie tie = this.ties.get(sessionId);
		return (tie != null) ? List.copyOf(tie.connections) : List.of();
	}

	/**
	 * A session has ended: untie its sockets.
	 * @return the sockets it had
	 */
	List<Connection> ended(String sessionId) {
		Tie tie = this.ties.remove(sessionId);
		return (tie != null) ? List.copyOf(tie.connections) : List.of();
	}

	/** How many sessions have open sockets. */
	int sessions() {
		return this.ties.size();
	}

	/**
	 * Check every session with sockets: mark those whose clients sent messages since the
	 * last check accessed (when {@code keepAlive}), and report those that have ended.
	 * Server pushes do not count: a user who has walked away from a page still times out.
	 */
	void check(boolean keepAlive, Consumer<String> ended) {
		this.ties.forEach((id, tie) -> {
			long now = System.nanoTime();
			boolean touch = keepAlive && tie.connections.stream()
				.anyMatch((connection) -> connection.lastClientMessageNanos() - tie.touchedNanos > 0);
			boolean alive;
			try {
				alive = tie.session.keepAlive(touch);
			}
			catch (RuntimeException ex) {
				// The store failed, which says nothing about the session: try again
				// later.
				logger.debug("Checking HTTP session of WebSocket sockets failed", ex);
				return;
			}
			if (touch) {
				tie.touchedNanos = now;
			}
			if (!alive) {
				ended.accept(id);
			}
		});
	}

	private static final class Tie {

		private final TiedSession session;

		private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

		private volatile long touchedNanos = System.nanoTime();

		Tie(TiedSession session) {
			this.session = session;
		}

	}

}
