package dev.cspwebsocket.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.ServerBinding;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.cluster.CspWebSocketsCluster;
import dev.cspwebsocket.cluster.SharedSocket;
import dev.cspwebsocket.transport.TiedSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The life of every socket, from its accepted handshake to its server object's end: the
 * sockets upgrading and open, their servers started on their threads, their close told to
 * the listeners and the cluster, and each admitted server object ended exactly once, with
 * its {@code onPostServer()}. Thread-safe: the maps are concurrent, and each step is made
 * once by whichever thread gets to it first.
 *
 * @author csp-websocket-spring-boot
 */
final class SocketLifecycle implements SocketEvents {

	static final CloseStatus SHUTDOWN = new CloseStatus(CloseStatus.GOING_AWAY, "Server shutting down");

	static final CloseStatus SESSION_ENDED = new CloseStatus(CloseStatus.POLICY_VIOLATION, "HTTP session ended");

	private static final CloseStatus GIVEN_UP = new CloseStatus(CloseStatus.SERVER_ERROR,
			"The socket opened after the server had given it up");

	/**
	 * How long after its handshake a socket may take to open; the container opens it at
	 * once unless the client has gone.
	 */
	private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(SocketLifecycle.class);

	private final Map<String, Connection> open = new ConcurrentHashMap<>();

	/** Sockets accepted at their handshake and not opened yet, with their servers. */
	private final Map<Connection, ServerBinding> upgrading = new ConcurrentHashMap<>();

	private final SessionTies sessionTies = new SessionTies();

	private final Listeners listeners = new Listeners();

	private final Admission admission;

	private final ServerThreads threads;

	private final SocketObservations observations;

	private volatile String nodeId;

	private volatile @Nullable CspWebSocketsCluster cluster;

	private final LongAdder queueOverflows = new LongAdder();

	private final LongAdder slowConsumers = new LongAdder();

	private final LongAdder idleExpiries = new LongAdder();

	private final LongAdder resumes = new LongAdder();

	private final LongAdder resumeExpiries = new LongAdder();

	SocketLifecycle(Admission admission, ServerThreads threads, SocketObservations observations, String nodeId) {
		this.admission = admission;
		this.threads = threads;
		this.observations = observations;
		this.nodeId = nodeId;
	}

	// Handshake to open

	/**
	 * The handshake is accepted: its socket opens when the container says so, or never,
	 * when the client is gone before; {@link #sweep} gives up on it then.
	 */
	void upgrading(Connection connection, ServerBinding server) {
		this.upgrading.put(connection, server);
	}

	/** The upgrade failed after {@code onPreServer()}: no socket will open. */
	void upgradeFailed(Connection connection) {
		ServerBinding server = this.upgrading.remove(connection);
		if (server != null) {
			abandon(server, connection);
		}
	}

	@Override
	public void opened(Connection connection) {
		ServerBinding server = this.upgrading.remove(connection);
		if (server == null) {
			// Given up on, its upgrade failed or too slow: its server has ended.
			connection.close(GIVEN_UP);
			return;
		}
		serve(server, connection);
	}

	/**
	 * Register the open socket and run its server, on a thread of its own or on the
	 * shared pool.
	 */
	private void serve(ServerBinding server, Connection connection) {
		try {
			if (connection.isSharedConnection()) {
				SerialExecutor tasks = this.threads.sharedTasks(() -> run(server, connection),
						connection.threadContext());
				connection.servedOn(server, tasks);
				// Visible before server() runs, which may hand out the id; server() still
				// comes before whatever ends the socket once visible.
				register(connection);
				tasks.start();
			}
			else {
				register(connection);
				this.threads
					.runDedicated(() -> connection.threadContext().run(() -> connection.securityContext().run(() -> {
						connection.servedHere();
						run(server, connection);
						end(server, connection);
					})));
			}
		}
		catch (RuntimeException | Error ex) {
			connection.threadContext()
				.run(() -> logger.error("No thread for the server of " + connection.route() + " on WebSocket "
						+ connection.shownId() + "; closing it with 1011", ex));
			register(connection);
			connection.close(new CloseStatus(CloseStatus.SERVER_ERROR, "No thread for the server"));
			if (!connection.isSharedConnection()) {
				end(server, connection);
			}
		}
		if (!this.admission.isOpen()) {
			connection.close(SHUTDOWN, CloseReason.SHUTDOWN, false);
		}
	}

	private void register(Connection connection) {
		this.open.put(connection.webSocketId(), connection);
		this.sessionTies.add(connection);
		if (connection.hasClosed()) {
			// It closed before it was registered, and closed() found nothing to remove.
			this.open.remove(connection.webSocketId());
			this.sessionTies.remove(connection);
		}
		else if (!this.sessionTies.alive(connection)) {
			// Its session ended, or changed its id, while the handshake was on.
			connection.close(SESSION_ENDED, CloseReason.SESSION_ENDED, false);
		}
		else if (connection.announceOpening()) {
			// In the socket's context: a listener's log lines are the socket's.
			connection.threadContext().run(() -> announceOpened(connection));
		}
	}

	private void announceOpened(Connection connection) {
		this.observations.opened(connection);
		CspWebSocketsCluster cluster = this.cluster;
		if (cluster != null && connection.isSharedConnection()) {
			cluster.sharedSocketOpened(sharedSocket(connection));
		}
		if (!this.listeners.isEmpty()) {
			WebSocketInfo info = connection.info(this.nodeId);
			this.listeners.tell((listener) -> listener.socketOpened(info));
		}
	}

	// Running to ending

	/**
	 * Whether a server's callback failed only because its own socket had closed under it:
	 * the client left, which is no failure of the server.
	 */
	static boolean isOwnClose(Throwable failure, String webSocketId) {
		return failure instanceof WebSocketClosedException closed && closed.webSocketId().equals(webSocketId);
	}

	private static void run(ServerBinding server, Connection connection) {
		try {
			server.runServer();
		}
		catch (Throwable ex) {
			if (isOwnClose(ex, connection.webSocketId())) {
				logger.debug("server() of " + connection.route() + " ended writing to WebSocket " + connection.shownId()
						+ ", which had closed", ex);
				return;
			}
			logger.error("server() of " + connection.route() + " failed on WebSocket " + connection.shownId()
					+ "; closing it with 1011", ex);
			connection.close(new CloseStatus(CloseStatus.SERVER_ERROR, "Internal server error"));
		}
	}

	private void end(ServerBinding server, Connection connection) {
		connection.close(CloseStatus.NORMAL);
		abandon(server, connection);
	}

	/**
	 * An admitted server object is done: run its {@code onPostServer()} when given, end
	 * the HTTP session when the socket asked for it, and stop counting the server.
	 */
	void abandon(@Nullable ServerBinding server, Connection connection) {
		try {
			if (server != null) {
				server.onPostServer();
			}
		}
		catch (Throwable ex) {
			logger.error("onPostServer() of " + connection.route() + " failed", ex);
		}
		finally {
			this.admission.release(connection.route(), connection.sessionId());
			connection.serverEnded();
		}
		// Only a socket that opened, and so has closed, ends its session, unless the
		// session ended first.
		if (connection.isSessionEndOnClose() && connection.hasClosed()
				&& connection.closeReason() != CloseReason.SESSION_ENDED) {
			endSession(connection);
		}
		else if (isMadeAndUnused(connection)) {
			// Made for this socket alone and used for nothing: left to its timeout, every
			// anonymous client would leave one behind.
			logger.debug("Ending the HTTP session that the handshake of WebSocket " + connection.shownId()
					+ " made, as nothing uses it");
			endSession(connection);
		}
	}

	private boolean isMadeAndUnused(Connection connection) {
		TiedSession session = connection.tiedSession();
		try {
			return connection.isSessionMade() && session != null && this.admission.running(session.id()) == 0
					&& session.isUnused();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not tell whether the HTTP session of WebSocket " + connection.shownId()
					+ " is still used; it is left to its timeout", ex);
			return false;
		}
	}

	private void endSession(Connection connection) {
		TiedSession session = connection.tiedSession();
		if (session == null) {
			return;
		}
		try {
			session.invalidate();
		}
		catch (RuntimeException ex) {
			logger.warn("Ending the HTTP session of WebSocket " + connection.shownId() + " on close failed", ex);
		}
		// Stores that do not report their ends would leave the other sockets open.
		sessionEnded(session.id());
	}

	/**
	 * An HTTP session has ended: close every socket tied to it with 1008.
	 * @return how many sockets were closed
	 */
	int sessionEnded(String sessionId) {
		int closed = 0;
		for (Connection connection : this.sessionTies.ended(sessionId)) {
			// From this thread: Tomcat closes the sockets of an authenticated session
			// itself, with a reason of its own, right after its session listeners.
			if (connection.close(SESSION_ENDED, CloseReason.SESSION_ENDED, true)) {
				closed++;
			}
		}
		if (closed > 0 && logger.isDebugEnabled()) {
			logger.debug("HTTP session ended: closed its " + closed + " WebSocket(s) with 1008");
		}
		return closed;
	}

	@Override
	public void closed(Connection connection) {
		this.open.remove(connection.webSocketId());
		this.sessionTies.remove(connection);
		if (connection.announceClose()) {
			connection.threadContext().run(() -> announceClosed(connection));
		}
		// A shared socket's server ends after its last task.
		SharedCallbacks callbacks = connection.sharedCallbacks();
		if (callbacks != null) {
			Runnable end = () -> abandon(callbacks.server(), connection);
			try {
				callbacks.tasks().execute(end);
			}
			catch (RejectedExecutionException ex) {
				connection.threadContext().run(end);
			}
		}
	}

	private void announceClosed(Connection connection) {
		this.observations.closed(connection);
		CspWebSocketsCluster cluster = this.cluster;
		if (cluster != null && connection.isSharedConnection()) {
			cluster.sharedSocketClosed(sharedSocket(connection));
		}
		if (!this.listeners.isEmpty()) {
			WebSocketInfo info = connection.info(this.nodeId);
			Duration lifetime = connection.lifetime();
			this.listeners.tell((listener) -> listener.socketClosed(info, connection.closeReason(), lifetime));
		}
	}

	@Override
	public void limitClosed(Connection connection, CloseReason reason, CloseStatus status) {
		connection.threadContext().run(() -> countAndLog(connection, reason, status));
	}

	private void countAndLog(Connection connection, CloseReason reason, CloseStatus status) {
		String closing = "WebSocket " + connection.shownId() + " of " + connection.route() + " with " + status.code()
				+ ": " + status.reason();
		switch (reason) {
			case IDLE -> {
				this.idleExpiries.increment();
				if (logger.isDebugEnabled()) {
					logger.debug("Ending " + closing);
				}
			}
			case SLOW_CONSUMER -> {
				this.slowConsumers.increment();
				logger.warn("Closing " + closing);
			}
			default -> {
				this.queueOverflows.increment();
				logger.warn("Closing " + closing);
			}
		}
	}

	// Traffic

	@Override
	public void messageReceived(boolean binary, long bytes) {
		this.listeners.messageReceived(binary, bytes);
	}

	@Override
	public void messageSent(boolean binary, long bytes) {
		this.listeners.messageSent(binary, bytes);
	}

	@Override
	public void readTimedOut() {
		this.listeners.readTimedOut();
	}

	void handshakeRejected(HandshakeRejection reason) {
		this.listeners.tell((listener) -> listener.handshakeRejected(reason));
	}

	// Periodic checks and shutdown

	/**
	 * Idle expiry, heartbeats, and sockets that never opened: one pass, no thread per
	 * socket.
	 */
	void sweep(Heartbeat heartbeat) {
		long now = System.nanoTime();
		for (Connection connection : this.open.values()) {
			connection.expireIfIdle(now);
			if (heartbeat.enabled()) {
				connection.heartbeat(now, heartbeat);
			}
		}
		this.upgrading.keySet().forEach((connection) -> {
			if (now - connection.createdNanos() > UPGRADE_TIMEOUT.toNanos()) {
				upgradeTimedOut(connection);
			}
		});
	}

	private void upgradeTimedOut(Connection connection) {
		ServerBinding server = this.upgrading.remove(connection);
		if (server != null) {
			logger.debug("WebSocket " + connection.shownId() + " of " + connection.route()
					+ " never opened after its handshake: the client is gone");
			// onPostServer() is application code: not on the sweeper.
			this.threads.runApart(() -> connection.threadContext().run(() -> abandon(server, connection)));
		}
	}

	/** Close every open socket, as the application shuts down. */
	void closeAll() {
		this.open.values().forEach((connection) -> connection.close(SHUTDOWN, CloseReason.SHUTDOWN, false));
	}

	// What the registry asks

	Map<String, Connection> open() {
		return this.open;
	}

	SessionTies sessionTies() {
		return this.sessionTies;
	}

	Listeners listeners() {
		return this.listeners;
	}

	int upgradingCount() {
		return this.upgrading.size();
	}

	String nodeId() {
		return this.nodeId;
	}

	void setNodeId(String nodeId) {
		this.nodeId = nodeId;
	}

	@Nullable CspWebSocketsCluster cluster() {
		return this.cluster;
	}

	void setCluster(CspWebSocketsCluster cluster) {
		this.cluster = cluster;
	}

	/** The socket as a cluster registers it. */
	SharedSocket sharedSocket(Connection connection) {
		return new SharedSocket(connection.webSocketId(), this.nodeId, connection.application(),
				connection.serverClass(), connection.route().serverClass().type().getName(), connection.sessionId(),
				connection.subprotocol());
	}

	long queueOverflows() {
		return this.queueOverflows.sum();
	}

	long slowConsumers() {
		return this.slowConsumers.sum();
	}

	long idleExpiries() {
		return this.idleExpiries.sum();
	}

	/** A client has resumed a resumable socket. */
	void resumed() {
		this.resumes.increment();
	}

	/** A resumable socket has been away past its grace period, and ends. */
	void resumeExpired() {
		this.resumeExpiries.increment();
	}

	long resumes() {
		return this.resumes.sum();
	}

	long resumeExpiries() {
		return this.resumeExpiries.sum();
	}

}
