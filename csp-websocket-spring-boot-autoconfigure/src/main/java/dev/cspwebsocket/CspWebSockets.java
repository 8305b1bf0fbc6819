package dev.cspwebsocket;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The open sockets of this application: the way in to shared-connection sockets from any
 * thread ({@link #openServer(String)} and the lookups for broadcasting), their status and
 * counts, and the engine's lifecycle.
 * <p>
 * On shutdown it stops taking handshakes, closes every socket with 1001 and waits, within
 * the lifecycle's shutdown timeout, for every server object admitted to finish its
 * {@code server()} and {@code onPostServer()}.
 * <p>
 * It ties each socket to the HTTP session of its handshake: when the session ends, its
 * sockets are closed with 1008; traffic on them keeps it alive. It holds the number of
 * sockets to the {@link ConnectionLimits}, and pings every socket to find clients that
 * have gone without closing ({@link Heartbeat}).
 * <p>
 * Thread-safe; configure it before it starts. The lookups return a snapshot: a socket in
 * it may close at any time after, and writing to it then throws
 * {@link WebSocketClosedException}.
 * <p>
 * Over 400 lines as the public face of the engine: each method is a few lines over the
 * parts that do the work ({@link SocketLifecycle}, {@link Admission},
 * {@link ServerThreads}), with the Javadoc applications read.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSockets implements SmartLifecycle {

	/**
	 * Stops before the web server's graceful shutdown ({@code Integer.MAX_VALUE - 1024}),
	 * so that clients still get the close frames.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 512;

	/** How often, at most, sockets are checked for idleness and heartbeats. */
	private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(CspWebSockets.class);

	private static final Comparator<WebSocketInfo> OLDEST_FIRST = Comparator.comparing(WebSocketInfo::openedAt)
		.thenComparing(WebSocketInfo::webSocketId);

	private final Admission admission = new Admission();

	private final ServerThreads threads;

	private final ReadTimer readTimer = new ReadTimer();

	private final SocketLifecycle lifecycle;

	private volatile @Nullable ScheduledExecutorService sweeper;

	private Heartbeat heartbeat = Heartbeat.DEFAULTS;

	private Duration sessionCheckInterval = Duration.ofSeconds(5);

	private boolean sessionKeepAlive = true;

	/**
	 * Create the registry.
	 * @param virtualThreads whether dedicated servers, and the sending of queued
	 * messages, run on virtual threads; ignored (platform threads) before Java 21
	 * @param sharedPoolSize how many threads run the callbacks of shared sockets
	 */
	public CspWebSockets(boolean virtualThreads, int sharedPoolSize) {
		this.threads = new ServerThreads(virtualThreads, sharedPoolSize);
		this.lifecycle = new SocketLifecycle(this.admission, this.threads, WebSocketIds.next().substring(0, 8));
	}

	/**
	 * Set how many sockets may be open at once; {@link ConnectionLimits#DEFAULTS} unless
	 * set.
	 * @param connectionLimits the limits
	 */
	public void setConnectionLimits(ConnectionLimits connectionLimits) {
		this.admission.setLimits(connectionLimits);
	}

	/**
	 * Set how clients are pinged; {@link Heartbeat#DEFAULTS} unless set.
	 * @param heartbeat the ping interval and pong timeout
	 */
	public void setHeartbeat(Heartbeat heartbeat) {
		this.heartbeat = heartbeat;
	}

	/**
	 * Set how often the HTTP sessions of open sockets are checked: ended ones close their
	 * sockets, and those whose clients sent messages since then are kept alive. Every 5
	 * seconds unless set.
	 * @param sessionCheckInterval the interval
	 */
	public void setSessionCheckInterval(Duration sessionCheckInterval) {
		Assert.isTrue(sessionCheckInterval.toMillis() > 0, "sessionCheckInterval must be at least 1 ms");
		this.sessionCheckInterval = sessionCheckInterval;
	}

	/**
	 * Set whether client messages on a socket keep its HTTP session from timing out; on
	 * unless set.
	 * @param sessionKeepAlive whether to keep sessions alive
	 */
	public void setSessionKeepAlive(boolean sessionKeepAlive) {
		this.sessionKeepAlive = sessionKeepAlive;
	}

	/**
	 * Set the id of this node, as the status endpoint shows it; a random one unless set.
	 * @param nodeId the id
	 */
	public void setNodeId(String nodeId) {
		Assert.hasText(nodeId, "nodeId must not be empty");
		this.lifecycle.setNodeId(nodeId);
	}

	/**
	 * The id of this node.
	 * @return the id
	 */
	public String nodeId() {
		return this.lifecycle.nodeId();
	}

	/**
	 * Make this node one of a cluster: its shared sockets are registered there, and
	 * {@link #openServer}, the look-ups, {@link #describeCluster()} and
	 * {@link #endServer(String, String)} reach the other nodes' sockets. Set it before
	 * the first socket opens.
	 * @param cluster the cluster
	 */
	public void setCluster(CspWebSocketsCluster cluster) {
		this.lifecycle.setCluster(cluster);
	}

	/**
	 * Tell a listener what happens to the sockets from now on.
	 * @param listener the listener
	 */
	public void addListener(CspWebSocketsListener listener) {
		this.lifecycle.listeners().add(listener);
	}

	/**
	 * Stop telling a listener.
	 * @param listener the listener
	 */
	public void removeListener(CspWebSocketsListener listener) {
		this.lifecycle.listeners().remove(listener);
	}

	/**
	 * Reopen a shared-connection socket by its id (IRIS {@code OpenServer}), to read from
	 * it, write to it or end it from this thread. In a cluster, a socket of another node
	 * is returned as a handle that works it there.
	 * @param webSocketId the id, as {@link CspWebSocket#webSocketId()} gave it
	 * @return the socket
	 * @throws WebSocketNotFoundException when no socket with that id is open: the id is
	 * unknown or its socket has ended
	 * @throws CspWebSocketException when the socket is a dedicated one, which belongs to
	 * its {@code server()} thread
	 * @throws WebSocketClusterException when the socket is not on this node and the other
	 * nodes cannot be asked
	 */
	public WebSocketServer openServer(String webSocketId) {
		Assert.hasText(webSocketId, "webSocketId must not be empty");
		Connection connection = open().get(webSocketId);
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if ((connection == null || !connection.isOpen()) && cluster != null) {
			WebSocketServer remote = cluster.openServer(webSocketId);
			if (remote != null) {
				return remote;
			}
		}
		if (connection == null || !connection.isOpen()) {
			throw new WebSocketNotFoundException("No open WebSocket with id " + WebSocketIds.shown(webSocketId)
					+ ": the id is unknown or its socket has ended");
		}
		if (!connection.isSharedConnection()) {
			throw new CspWebSocketException("WebSocket " + connection.shownId() + " of " + connection.serverClass()
					+ " is dedicated to its server() thread: only shared-connection sockets can be opened; call "
					+ "setSharedConnection(true) in onPreServer() to make its sockets shared");
		}
		return connection;
	}

	/**
	 * A shared-connection socket of this node only, for a cluster's transport to work on
	 * behalf of another node.
	 * @param webSocketId the socket id
	 * @return the socket, or empty when no shared socket with that id is open on this
	 * node
	 */
	public Optional<WebSocketServer> openLocalServer(String webSocketId) {
		Connection connection = open().get(webSocketId);
		return (connection != null && connection.isSharedConnection() && connection.isOpen()) ? Optional.of(connection)
				: Optional.empty();
	}

	/**
	 * The open shared sockets of a CSP server class, to broadcast to; on every node of a
	 * cluster.
	 * @param serverClass the CSP class name, for example {@code MyApp.ChatServer}
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	public List<WebSocketServer> openServersOfClass(String serverClass) {
		return openServers((socket) -> socket.serverClass().equals(serverClass));
	}

	/**
	 * The open shared sockets whose server is of a Java type, to broadcast to; on every
	 * node of a cluster.
	 * @param type the server class, or a superclass of several
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	public List<WebSocketServer> openServersOfClass(Class<? extends CspWebSocket> type) {
		return openServers((socket) -> socket.isOfType(type));
	}

	/**
	 * The open shared sockets of a CSP application, to broadcast to; on every node of a
	 * cluster.
	 * @param application the application name, {@code user} in {@code /csp/user/...}
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	public List<WebSocketServer> openServersOfApplication(String application) {
		return openServers((socket) -> socket.application().equals(application));
	}

	/**
	 * The open shared sockets opened from an HTTP session, to broadcast to; on every node
	 * of a cluster.
	 * @param sessionId the HTTP session id
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	public List<WebSocketServer> openServersOfSession(String sessionId) {
		return withRemote(shared(this.lifecycle.sessionTies().connections(sessionId).stream()),
				(socket) -> sessionId.equals(socket.sessionId()));
	}

	private List<WebSocketServer> openServers(Predicate<SharedSocket> filter) {
		return withRemote(shared(open().values().stream())
			.filter((connection) -> filter.test(this.lifecycle.sharedSocket(connection))), filter);
	}

	private List<WebSocketServer> withRemote(Stream<Connection> local, Predicate<SharedSocket> filter) {
		List<WebSocketServer> servers = local.map(WebSocketServer.class::cast).toList();
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if (cluster == null) {
			return servers;
		}
		try {
			return Stream.concat(servers.stream(), cluster.openServers(filter).stream()).toList();
		}
		catch (WebSocketClusterException ex) {
			throw new WebSocketClusterException(
					ex.getMessage() + "; this node's own " + servers.size() + " socket(s) are in localServers()", ex,
					servers);
		}
	}

	private static Stream<Connection> shared(Stream<Connection> connections) {
		return connections.filter((connection) -> connection.isSharedConnection() && connection.isOpen());
	}

	/**
	 * The open shared sockets of this node, as a cluster registers them.
	 * @return a snapshot
	 */
	public List<SharedSocket> sharedSockets() {
		return shared(open().values().stream()).map(this.lifecycle::sharedSocket).toList();
	}

	/**
	 * For a cluster's transport: read from a shared socket of this node for a reader on
	 * another node, and hand the result over. Once the reader has taken a piece of a
	 * message, the rest of it goes to that reader only; no other reader takes anything
	 * while a piece is being handed over, and a piece that cannot be handed over goes
	 * back to the head of the queue, so that no message is lost or reordered.
	 * @param webSocketId the socket id
	 * @param reader who reads, the same for every read of one thread of the other node
	 * @param maxLength the most characters or bytes to read
	 * @param timeout how long to wait for a message
	 * @param handOver sends the result to the reader; returns whether the reader took it
	 * @return whether a shared socket with that id is open on this node
	 */
	public boolean readFor(String webSocketId, String reader, int maxLength, Duration timeout,
			Predicate<ReadResult> handOver) {
		Connection connection = open().get(webSocketId);
		if (connection == null || !connection.isSharedConnection()) {
			return false;
		}
		boolean continued = connection.isReadingMessage(reader);
		ReadResult result = connection.read(maxLength, timeout, reader, true);
		boolean delivered = false;
		try {
			delivered = handOver.test(result);
		}
		finally {
			if (result instanceof ReadResult.Message piece) {
				connection.settle(piece, reader, continued, delivered);
			}
		}
		return true;
	}

	/**
	 * For a cluster's transport: the readers of another node have gone for good, their
	 * node having left the cluster. The messages they were part-way through are dropped,
	 * as no other reader could make them whole, and the sockets are free for other
	 * readers.
	 * @param readerPrefix what the names of that node's readers start with
	 * @return how many messages were dropped
	 */
	public int readersGone(String readerPrefix) {
		Predicate<Object> gone = (reader) -> reader instanceof String name && name.startsWith(readerPrefix);
		int dropped = 0;
		for (Connection connection : open().values()) {
			if (connection.readerGone(gone)) {
				logger.warn("A reader on another node left WebSocket " + connection.shownId()
						+ " part-way through a message; the rest of that message is dropped");
				dropped++;
			}
		}
		return dropped;
	}

	/**
	 * An HTTP session has ended: close every socket tied to it with 1008, whose servers
	 * then run {@code onPostServer()}. The starter calls this when the servlet
	 * container's sessions end or change their id, and on Spring Session's
	 * {@code SessionDestroyedEvent}; call it for a session store that reports its ends
	 * another way.
	 * @param sessionId the id of the session
	 * @return how many sockets were closed
	 */
	public int sessionEnded(String sessionId) {
		return this.lifecycle.sessionEnded(sessionId);
	}

	/**
	 * How many sockets are open.
	 * @return the count
	 */
	public int openSockets() {
		return open().size();
	}

	/**
	 * Every open socket, dedicated and shared, as it is now.
	 * @return a snapshot of each, oldest first
	 */
	public List<WebSocketInfo> describe() {
		String node = nodeId();
		return open().values().stream().map((connection) -> connection.info(node)).sorted(OLDEST_FIRST).toList();
	}

	/**
	 * Every open socket of every node of the cluster, dedicated and shared, as it is now;
	 * the same as {@link #describe()} on a single node.
	 * @return a snapshot of each, oldest first
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	public List<WebSocketInfo> describeCluster() {
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if (cluster == null) {
			return describe();
		}
		return Stream.concat(describe().stream(), cluster.describe().stream()).sorted(OLDEST_FIRST).toList();
	}

	/**
	 * One open socket, dedicated or shared, as it is now.
	 * @param webSocketId the socket id
	 * @return a snapshot, or empty when no socket with that id is open
	 */
	public Optional<WebSocketInfo> describe(String webSocketId) {
		return Optional.ofNullable(open().get(webSocketId)).map((connection) -> connection.info(nodeId()));
	}

	/**
	 * End any open socket, dedicated or shared, as an administrator: it is closed with
	 * 1008 and the reason, and its server runs {@code onPostServer()}. In a cluster, a
	 * socket of another node is ended there.
	 * @param webSocketId the socket id
	 * @param reason the close reason for the client, at most 123 bytes of UTF-8
	 * @return whether a socket with that id was open
	 * @throws WebSocketClusterException when the socket is not on this node and the other
	 * nodes cannot be asked
	 */
	public boolean endServer(String webSocketId, String reason) {
		if (endLocalServer(webSocketId, reason)) {
			return true;
		}
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		return cluster != null && cluster.endServer(webSocketId, reason);
	}

	/**
	 * End a socket of this node only, as {@link #endServer(String, String)} does.
	 * @param webSocketId the socket id
	 * @param reason the close reason for the client, at most 123 bytes of UTF-8
	 * @return whether a socket with that id was open on this node
	 */
	public boolean endLocalServer(String webSocketId, String reason) {
		Connection connection = open().get(webSocketId);
		return connection != null && connection.close(new CloseStatus(CloseStatus.POLICY_VIOLATION, reason),
				CloseReason.ADMINISTRATOR, false);
	}

	/**
	 * How many client messages wait to be read, over all sockets.
	 * @return the count now
	 */
	public long inboundQueuedMessages() {
		return open().values().stream().mapToLong(Connection::inboundQueued).sum();
	}

	/**
	 * How many bytes wait to be sent, over all sockets.
	 * @return the count now
	 */
	public long outboundBufferedBytes() {
		return open().values().stream().mapToLong(Connection::outboundBuffered).sum();
	}

	/**
	 * How many dedicated servers' threads are alive.
	 * @return the count now
	 */
	public int dedicatedThreads() {
		return this.threads.dedicatedAlive();
	}

	/**
	 * How many threads the shared pool has.
	 * @return the pool size
	 */
	public int sharedPoolSize() {
		return this.threads.sharedPoolSize();
	}

	/**
	 * How many shared-pool threads are running callbacks now.
	 * @return the count
	 */
	public int sharedPoolActiveThreads() {
		return this.threads.sharedPoolActive();
	}

	/**
	 * How many callbacks wait for a shared-pool thread.
	 * @return the count now
	 */
	public int sharedPoolQueuedTasks() {
		return this.threads.sharedPoolQueued();
	}

	/**
	 * How many server objects are between their handshake and the end of their
	 * {@code onPostServer()}.
	 * @return the count
	 */
	public int runningServers() {
		return this.admission.running();
	}

	/**
	 * How many shared sockets were closed with 1008 because their inbound queue was full.
	 * @return the count since start-up
	 */
	public long queueOverflows() {
		return this.lifecycle.queueOverflows();
	}

	/**
	 * How many sockets were closed with 1008 because the client took nothing for the
	 * send-time limit.
	 * @return the count since start-up
	 */
	public long slowConsumers() {
		return this.lifecycle.slowConsumers();
	}

	/**
	 * How many shared sockets were ended with 1001 after the idle timeout.
	 * @return the count since start-up
	 */
	public long idleExpiries() {
		return this.lifecycle.idleExpiries();
	}

	/**
	 * How many handshakes were answered 503 because a {@link ConnectionLimits connection
	 * limit} was reached.
	 * @return the count since start-up
	 */
	public long limitRejections() {
		return this.admission.limitRejections();
	}

	/**
	 * How many entries the registry holds of each kind, for checking that nothing is left
	 * behind by sockets that have ended.
	 * @return the open sockets, the handshakes waiting for their socket to open, and the
	 * HTTP sessions with sockets
	 */
	Map<String, Integer> entries() {
		return Map.of("open", open().size(), "upgrading", this.lifecycle.upgradingCount(), "sessions",
				this.lifecycle.sessionTies().size());
	}

	/** What tells the sockets' readers that a long timeout has run out. */
	ReadTimer readTimer() {
		return this.readTimer;
	}

	/** What every socket of a handshake with these limits shares. */
	SocketContext socketContext(SocketLimits limits) {
		return new SocketContext(limits, this.readTimer, this.threads.senders(), this.lifecycle);
	}

	Admission admission() {
		return this.admission;
	}

	SocketLifecycle lifecycle() {
		return this.lifecycle;
	}

	private Map<String, Connection> open() {
		return this.lifecycle.open();
	}

	/** Often enough that a missed pong is found within a quarter of its timeout. */
	private long sweepIntervalMillis() {
		long interval = Math.min(SWEEP_INTERVAL.toMillis(), this.heartbeat.pongTimeout().toMillis() / 4);
		if (this.heartbeat.enabled()) {
			interval = Math.min(interval, this.heartbeat.pingInterval().toMillis() / 4);
		}
		return Math.max(interval, 10);
	}

	@Override
	public void start() {
		this.threads.start();
		// A thread for each task: a slow session store must not hold up heartbeats, nor
		// a sweep of many sockets the read timer.
		ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(3,
				ServerThreads.daemonThreads("csp-ws-sweeper-"));
		Heartbeat heartbeat = this.heartbeat;
		long sweepInterval = sweepIntervalMillis();
		sweeper.scheduleWithFixedDelay(guarded(() -> this.lifecycle.sweep(heartbeat)), sweepInterval, sweepInterval,
				TimeUnit.MILLISECONDS);
		long tick = ReadTimer.TICK.toNanos();
		sweeper.scheduleAtFixedRate(guarded(this.readTimer::tick), tick, tick, TimeUnit.NANOSECONDS);
		this.readTimer.setTurning(true);
		long sessionCheckInterval = this.sessionCheckInterval.toMillis();
		boolean keepAlive = this.sessionKeepAlive;
		sweeper.scheduleWithFixedDelay(
				guarded(() -> this.lifecycle.sessionTies().check(keepAlive, this.lifecycle::sessionEnded)),
				sessionCheckInterval, sessionCheckInterval, TimeUnit.MILLISECONDS);
		this.sweeper = sweeper;
		this.admission.open();
	}

	/** A periodic task that an exception does not cancel for good. */
	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				logger.error("A periodic check of the WebSockets failed; it runs again at its next turn", ex);
			}
		};
	}

	@Override
	public void stop() {
		closeAll();
		this.admission.awaitReleased();
		shutDownPools();
	}

	@Override
	public void stop(Runnable callback) {
		closeAll();
		// The lifecycle processor bounds the wait with its shutdown timeout.
		Thread waiter = new Thread(() -> {
			this.admission.awaitReleased();
			shutDownPools();
			callback.run();
		}, "csp-ws-shutdown");
		waiter.setDaemon(true);
		waiter.start();
	}

	private void closeAll() {
		// No handshake is admitted after this.
		this.admission.close();
		this.lifecycle.closeAll();
	}

	private void shutDownPools() {
		// Every socket is closed by now, which wakes its readers; a client's close still
		// held for its answer is answered now.
		this.readTimer.setTurning(false);
		this.readTimer.tellAll();
		ScheduledExecutorService sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.shutdownNow();
		}
		this.threads.shutDown();
	}

	@Override
	public boolean isRunning() {
		return this.admission.isOpen();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
