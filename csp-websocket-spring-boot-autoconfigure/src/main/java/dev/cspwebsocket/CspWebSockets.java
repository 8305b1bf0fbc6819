package dev.cspwebsocket;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * The open sockets of this application: the way in to shared-connection sockets from any
 * thread ({@link #openServer(String)} and the lookups for broadcasting), and the threads
 * their servers run on: a thread of its own for each dedicated server, the bounded shared
 * pool for shared ones.
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
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSockets implements SmartLifecycle {

	/**
	 * Stops before the web server's graceful shutdown ({@code Integer.MAX_VALUE - 1024}),
	 * so that clients still get the close frames.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 512;

	static final CloseStatus SHUTDOWN = new CloseStatus(CloseStatus.GOING_AWAY, "Server shutting down");

	static final CloseStatus SESSION_ENDED = new CloseStatus(CloseStatus.POLICY_VIOLATION, "HTTP session ended");

	/** How often, at most, sockets are checked for idleness and heartbeats. */
	private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	/**
	 * How long after its handshake a socket may take to open; the container opens it at
	 * once unless the client has gone.
	 */
	private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CspWebSockets.class);

	private static final TrafficEvent READ_TIMED_OUT = (listener, binary, bytes) -> listener.readTimedOut();

	private final Map<String, Connection> open = new ConcurrentHashMap<>();

	/** Sockets accepted at their handshake and not opened yet, with their servers. */
	private final Map<Connection, CspWebSocket> upgrading = new ConcurrentHashMap<>();

	private final SessionTies sessionTies = new SessionTies();

	private final List<CspWebSocketsListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger dedicatedThreadsAlive = new AtomicInteger();

	private String nodeId = WebSocketIds.next().substring(0, 8);

	private final SimpleAsyncTaskExecutor dedicatedThreads;

	private final SimpleAsyncTaskExecutor senders;

	private final ReadTimer readTimer = new ReadTimer();

	private final int sharedPoolSize;

	private volatile @Nullable ExecutorService sharedPool;

	private volatile @Nullable ScheduledExecutorService sweeper;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition serversEnded = this.lock.newCondition();

	private int runningServers;

	// The admitted servers by application, server class and session; under the lock.
	private final Map<String, Integer> runningByApplication = new HashMap<>();

	private final Map<String, Integer> runningByServerClass = new HashMap<>();

	private final Map<String, Integer> runningBySession = new HashMap<>();

	private ConnectionLimits connectionLimits = ConnectionLimits.DEFAULTS;

	private Heartbeat heartbeat = Heartbeat.DEFAULTS;

	private Duration sessionCheckInterval = Duration.ofSeconds(5);

	private boolean sessionKeepAlive = true;

	private volatile boolean running;

	private volatile @Nullable CspWebSocketsCluster cluster;

	private final LongAdder queueOverflows = new LongAdder();

	private final LongAdder slowConsumers = new LongAdder();

	private final LongAdder idleExpiries = new LongAdder();

	private final LongAdder limitRejections = new LongAdder();

	/**
	 * Create the registry.
	 * @param virtualThreads whether dedicated servers, and the sending of queued
	 * messages, run on virtual threads; ignored (platform threads) before Java 21
	 * @param sharedPoolSize how many threads run the callbacks of shared sockets
	 */
	public CspWebSockets(boolean virtualThreads, int sharedPoolSize) {
		Assert.isTrue(sharedPoolSize > 0, "sharedPoolSize must be positive");
		this.dedicatedThreads = threads("csp-ws-", virtualThreads);
		this.senders = threads("csp-ws-send-", virtualThreads);
		this.sharedPoolSize = sharedPoolSize;
	}

	/**
	 * Set how many sockets may be open at once; {@link ConnectionLimits#DEFAULTS} unless
	 * set.
	 * @param connectionLimits the limits
	 */
	public void setConnectionLimits(ConnectionLimits connectionLimits) {
		this.connectionLimits = connectionLimits;
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
		this.nodeId = nodeId;
	}

	/**
	 * The id of this node.
	 * @return the id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * Make this node one of a cluster: its shared sockets are registered there, and
	 * {@link #openServer}, the look-ups, {@link #describeCluster()} and
	 * {@link #endServer(String, String)} reach the other nodes' sockets. Set it before
	 * the first socket opens.
	 * @param cluster the cluster
	 */
	public void setCluster(CspWebSocketsCluster cluster) {
		this.cluster = cluster;
	}

	/**
	 * Tell a listener what happens to the sockets from now on.
	 * @param listener the listener
	 */
	public void addListener(CspWebSocketsListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Stop telling a listener.
	 * @param listener the listener
	 */
	public void removeListener(CspWebSocketsListener listener) {
		this.listeners.remove(listener);
	}

	private static SimpleAsyncTaskExecutor threads(String prefix, boolean virtualThreads) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(prefix);
		threads.setVirtualThreads(virtualThreads && Runtime.version().feature() >= 21);
		// A server() that ignores its closed socket must not keep the JVM alive.
		threads.setDaemon(true);
		return threads;
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
		Connection connection = this.open.get(webSocketId);
		CspWebSocketsCluster cluster = this.cluster;
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
		Connection connection = this.open.get(webSocketId);
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
		return withRemote(shared(this.sessionTies.connections(sessionId).stream()),
				(socket) -> sessionId.equals(socket.sessionId()));
	}

	private List<WebSocketServer> openServers(Predicate<SharedSocket> filter) {
		return withRemote(
				shared(this.open.values().stream()).filter((connection) -> filter.test(sharedSocket(connection))),
				filter);
	}

	private List<WebSocketServer> withRemote(Stream<Connection> local, Predicate<SharedSocket> filter) {
		List<WebSocketServer> servers = local.map(WebSocketServer.class::cast).toList();
		CspWebSocketsCluster cluster = this.cluster;
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
		return shared(this.open.values().stream()).map(this::sharedSocket).toList();
	}

	private SharedSocket sharedSocket(Connection connection) {
		return new SharedSocket(connection.webSocketId(), this.nodeId, connection.application(),
				connection.serverClass(), connection.route().serverClass().type().getName(), connection.sessionId(),
				connection.subprotocol());
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
		Connection connection = this.open.get(webSocketId);
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
		for (Connection connection : this.open.values()) {
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

	/**
	 * How many sockets are open.
	 * @return the count
	 */
	public int openSockets() {
		return this.open.size();
	}

	/**
	 * Every open socket, dedicated and shared, as it is now.
	 * @return a snapshot of each, oldest first
	 */
	public List<WebSocketInfo> describe() {
		return this.open.values()
			.stream()
			.map(Connection::info)
			.sorted(Comparator.comparing(WebSocketInfo::openedAt).thenComparing(WebSocketInfo::webSocketId))
			.toList();
	}

	/**
	 * Every open socket of every node of the cluster, dedicated and shared, as it is now;
	 * the same as {@link #describe()} on a single node.
	 * @return a snapshot of each, oldest first
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	public List<WebSocketInfo> describeCluster() {
		CspWebSocketsCluster cluster = this.cluster;
		if (cluster == null) {
			return describe();
		}
		return Stream.concat(describe().stream(), cluster.describe().stream())
			.sorted(Comparator.comparing(WebSocketInfo::openedAt).thenComparing(WebSocketInfo::webSocketId))
			.toList();
	}

	/**
	 * One open socket, dedicated or shared, as it is now.
	 * @param webSocketId the socket id
	 * @return a snapshot, or empty when no socket with that id is open
	 */
	public Optional<WebSocketInfo> describe(String webSocketId) {
		return Optional.ofNullable(this.open.get(webSocketId)).map(Connection::info);
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
		CspWebSocketsCluster cluster = this.cluster;
		return cluster != null && cluster.endServer(webSocketId, reason);
	}

	/**
	 * End a socket of this node only, as {@link #endServer(String, String)} does.
	 * @param webSocketId the socket id
	 * @param reason the close reason for the client, at most 123 bytes of UTF-8
	 * @return whether a socket with that id was open on this node
	 */
	public boolean endLocalServer(String webSocketId, String reason) {
		Connection connection = this.open.get(webSocketId);
		return connection != null && connection.close(new CloseStatus(CloseStatus.POLICY_VIOLATION, reason),
				CloseReason.ADMINISTRATOR, false);
	}

	/**
	 * How many client messages wait to be read, over all sockets.
	 * @return the count now
	 */
	public long inboundQueuedMessages() {
		return this.open.values().stream().mapToLong(Connection::inboundQueued).sum();
	}

	/**
	 * How many bytes wait to be sent, over all sockets.
	 * @return the count now
	 */
	public long outboundBufferedBytes() {
		return this.open.values().stream().mapToLong(Connection::outboundBuffered).sum();
	}

	/**
	 * How many dedicated servers' threads are alive.
	 * @return the count now
	 */
	public int dedicatedThreads() {
		return this.dedicatedThreadsAlive.get();
	}

	/**
	 * How many threads the shared pool has.
	 * @return the pool size
	 */
	public int sharedPoolSize() {
		return this.sharedPoolSize;
	}

	/**
	 * How many shared-pool threads are running callbacks now.
	 * @return the count
	 */
	public int sharedPoolActiveThreads() {
		ExecutorService pool = this.sharedPool;
		return (pool instanceof ThreadPoolExecutor executor) ? executor.getActiveCount() : 0;
	}

	/**
	 * How many callbacks wait for a shared-pool thread.
	 * @return the count now
	 */
	public int sharedPoolQueuedTasks() {
		ExecutorService pool = this.sharedPool;
		return (pool instanceof ThreadPoolExecutor executor) ? executor.getQueue().size() : 0;
	}

	/**
	 * How many entries the registry holds of each kind, for checking that nothing is left
	 * behind by sockets that have ended.
	 * @return the open sockets, the handshakes waiting for their socket to open, and the
	 * HTTP sessions with sockets
	 */
	Map<String, Integer> entries() {
		return Map.of("open", this.open.size(), "upgrading", this.upgrading.size(), "sessions",
				this.sessionTies.size());
	}

	/**
	 * How many server objects are between their handshake and the end of their
	 * {@code onPostServer()}.
	 * @return the count
	 */
	public int runningServers() {
		this.lock.lock();
		try {
			return this.runningServers;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * How many shared sockets were closed with 1008 because their inbound queue was full.
	 * @return the count since start-up
	 */
	public long queueOverflows() {
		return this.queueOverflows.sum();
	}

	/**
	 * How many sockets were closed with 1008 because the client took nothing for the
	 * send-time limit.
	 * @return the count since start-up
	 */
	public long slowConsumers() {
		return this.slowConsumers.sum();
	}

	/**
	 * How many shared sockets were ended with 1001 after the idle timeout.
	 * @return the count since start-up
	 */
	public long idleExpiries() {
		return this.idleExpiries.sum();
	}

	/**
	 * How many handshakes were answered 503 because a {@link ConnectionLimits connection
	 * limit} was reached.
	 * @return the count since start-up
	 */
	public long limitRejections() {
		return this.limitRejections.sum();
	}

	/** What tells the sockets' readers that a long timeout has run out. */
	ReadTimer readTimer() {
		return this.readTimer;
	}

	/** The threads that send the messages writers have queued. */
	Executor senders() {
		return this.senders;
	}

	/**
	 * Admit a handshake: from here until {@link #abandon}, it counts against the
	 * connection limits, and shutdown waits for its server object.
	 * @param route what the handshake asks for
	 * @param sessionId the handshake's HTTP session, if it has one yet
	 * @return why the handshake is refused, or {@code null} when it is admitted
	 */
	@Nullable String admit(Route route, @Nullable String sessionId) {
		Refusal refusal = admitUnderLock(route, sessionId);
		if (refusal == null) {
			return null;
		}
		// Outside the lock: listeners are not to hold up other handshakes.
		handshakeRejected(refusal.rejection());
		return refusal.reason();
	}

	private @Nullable Refusal admitUnderLock(Route route, @Nullable String sessionId) {
		String application = route.application();
		String serverClass = route.serverClass().name();
		ConnectionLimits limits = this.connectionLimits;
		this.lock.lock();
		try {
			if (!this.running) {
				return new Refusal(HandshakeRejection.SHUTTING_DOWN, "The server is shutting down");
			}
			String reached = Stream.of(reached(limits.total(), this.runningServers, "in all"),
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
			this.runningServers++;
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

	/**
	 * The handshake is accepted: its socket opens when the container says so, or never,
	 * when the client is gone before; {@link #sweep()} gives up on it then.
	 */
	void upgrading(Connection connection, CspWebSocket server) {
		this.upgrading.put(connection, server);
	}

	/**
	 * The container has opened the socket.
	 * @return its server, or {@code null} when it was given up on
	 */
	@Nullable CspWebSocket opened(Connection connection) {
		return this.upgrading.remove(connection);
	}

	/** The upgrade failed after {@code onPreServer()}: no socket will open. */
	void upgradeFailed(Connection connection) {
		CspWebSocket server = this.upgrading.remove(connection);
		if (server != null) {
			abandon(server, connection);
		}
	}

	/** Why a handshake is not admitted, and what its client is told. */
	private record Refusal(HandshakeRejection rejection, String reason) {
	}

	private static @Nullable String reached(int limit, @Nullable Integer running, String scope) {
		return (limit > 0 && running != null && running >= limit) ? limit + " sockets " + scope : null;
	}

	/**
	 * The socket is open: register it and run its server, on a thread of its own or on
	 * the shared pool.
	 */
	void serve(CspWebSocket server, Connection connection) {
		try {
			if (connection.isSharedConnection()) {
				SerialExecutor tasks = new SerialExecutor(Objects.requireNonNull(this.sharedPool),
						() -> run(server, connection));
				connection.servedOn(server, tasks);
				// Visible before server() runs, which may hand out the id; server() still
				// comes before whatever ends the socket once visible.
				register(connection);
				tasks.start();
			}
			else {
				register(connection);
				this.dedicatedThreads.execute(() -> connection.securityContext().run(() -> {
					this.dedicatedThreadsAlive.incrementAndGet();
					connection.servedHere();
					try {
						run(server, connection);
						end(server, connection);
					}
					finally {
						this.dedicatedThreadsAlive.decrementAndGet();
					}
				}));
			}
		}
		catch (RuntimeException | Error ex) {
			logger.error("No thread for the server of " + connection.route() + " on WebSocket " + connection.shownId()
					+ "; closing it with 1011", ex);
			register(connection);
			connection.close(new CloseStatus(CloseStatus.SERVER_ERROR, "No thread for the server"));
			if (!connection.isSharedConnection()) {
				end(server, connection);
			}
		}
		if (!this.running) {
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
			CspWebSocketsCluster cluster = this.cluster;
			if (cluster != null && connection.isSharedConnection()) {
				cluster.sharedSocketOpened(sharedSocket(connection));
			}
			if (!this.listeners.isEmpty()) {
				WebSocketInfo info = connection.info();
				tell((listener) -> listener.socketOpened(info));
			}
		}
	}

	/** Tell every listener, keeping a failing one from harming the caller. */
	private void tell(Consumer<CspWebSocketsListener> event) {
		for (CspWebSocketsListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("A CspWebSocketsListener failed", ex);
			}
		}
	}

	void handshakeRejected(HandshakeRejection reason) {
		tell((listener) -> listener.handshakeRejected(reason));
	}

	void messageReceived(boolean binary, long bytes) {
		tellEach(CspWebSocketsListener::messageReceived, binary, bytes);
	}

	void messageSent(boolean binary, long bytes) {
		tellEach(CspWebSocketsListener::messageSent, binary, bytes);
	}

	void readTimedOut() {
		tellEach(READ_TIMED_OUT, false, 0);
	}

	/**
	 * {@link #tell} for the hot paths: the events are constants, nothing is allocated.
	 */
	private void tellEach(TrafficEvent event, boolean binary, long bytes) {
		for (CspWebSocketsListener listener : this.listeners) {
			try {
				event.tell(listener, binary, bytes);
			}
			catch (RuntimeException ex) {
				logger.warn("A CspWebSocketsListener failed", ex);
			}
		}
	}

	/** An event of the traffic, told to one listener. */
	@FunctionalInterface
	private interface TrafficEvent {

		void tell(CspWebSocketsListener listener, boolean binary, long bytes);

	}

	private void run(CspWebSocket server, Connection connection) {
		try {
			server.server();
		}
		catch (Throwable ex) {
			logger.error("server() of " + connection.route() + " failed on WebSocket " + connection.shownId()
					+ "; closing it with 1011", ex);
			connection.close(new CloseStatus(CloseStatus.SERVER_ERROR, "Internal server error"));
		}
	}

	private void end(CspWebSocket server, Connection connection) {
		connection.close(CloseStatus.NORMAL);
		abandon(server, connection);
	}

	/**
	 * An admitted server object is done: run its {@code onPostServer()} when given, end
	 * the HTTP session when the socket asked for it, and stop counting the server.
	 */
	void abandon(@Nullable CspWebSocket server, Connection connection) {
		try {
			if (server != null) {
				server.onPostServer();
			}
		}
		catch (Throwable ex) {
			logger.error("onPostServer() of " + connection.route() + " failed", ex);
		}
		finally {
			release(connection);
		}
		// Only a socket that opened, and so has closed, ends its session, unless the
		// session ended first.
		if (connection.isSessionEndOnClose() && connection.hasClosed()
				&& connection.closeReason() != CloseReason.SESSION_ENDED) {
			endSession(connection);
		}
	}

	private void release(Connection connection) {
		release(connection.route(), connection.sessionId());
	}

	/** An admitted handshake is done with: stop counting it. */
	void release(Route route, @Nullable String sessionId) {
		this.lock.lock();
		try {
			this.runningByApplication.computeIfPresent(route.application(), CspWebSockets::lessOne);
			this.runningByServerClass.computeIfPresent(route.serverClass().name(), CspWebSockets::lessOne);
			if (sessionId != null) {
				this.runningBySession.computeIfPresent(sessionId, CspWebSockets::lessOne);
			}
			if (--this.runningServers == 0) {
				this.serversEnded.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static @Nullable Integer lessOne(String key, Integer count) {
		return (count > 1) ? count - 1 : null;
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
	 * The socket has closed: forget it; a shared one's server ends after its last task.
	 */
	void closed(Connection connection) {
		this.open.remove(connection.webSocketId());
		this.sessionTies.remove(connection);
		if (connection.announceClose()) {
			CspWebSocketsCluster cluster = this.cluster;
			if (cluster != null && connection.isSharedConnection()) {
				cluster.sharedSocketClosed(sharedSocket(connection));
			}
			if (!this.listeners.isEmpty()) {
				WebSocketInfo info = connection.info();
				Duration lifetime = connection.lifetime();
				tell((listener) -> listener.socketClosed(info, connection.closeReason(), lifetime));
			}
		}
		Connection.SharedServer shared = connection.sharedServer();
		if (shared != null) {
			Runnable end = () -> abandon(shared.server(), connection);
			try {
				shared.tasks().execute(end);
			}
			catch (RejectedExecutionException ex) {
				end.run();
			}
		}
	}

	void queueOverflowed(Connection connection, CloseStatus status) {
		this.queueOverflows.increment();
		logClosing(connection, status);
	}

	void slowConsumer(Connection connection, CloseStatus status) {
		this.slowConsumers.increment();
		logClosing(connection, status);
	}

	void idleExpired(Connection connection, CloseStatus status) {
		this.idleExpiries.increment();
		if (logger.isDebugEnabled()) {
			logger.debug("Ending WebSocket " + connection.shownId() + " of " + connection.route() + " with "
					+ status.code() + ": " + status.reason());
		}
	}

	private static void logClosing(Connection connection, CloseStatus status) {
		logger.warn("Closing WebSocket " + connection.shownId() + " of " + connection.route() + " with " + status.code()
				+ ": " + status.reason());
	}

	/**
	 * Idle expiry, heartbeats, and sockets that never opened: one pass, no thread per
	 * socket.
	 */
	private void sweep() {
		long now = System.nanoTime();
		Heartbeat heartbeat = this.heartbeat;
		for (Connection connection : this.open.values()) {
			connection.expireIfIdle();
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
		CspWebSocket server = this.upgrading.remove(connection);
		if (server != null) {
			logger.debug("WebSocket " + connection.shownId() + " of " + connection.route()
					+ " never opened after its handshake: the client is gone");
			// onPostServer() is application code: not on the sweeper.
			this.dedicatedThreads.execute(() -> abandon(server, connection));
		}
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
		ThreadPoolExecutor sharedPool = new ThreadPoolExecutor(this.sharedPoolSize, this.sharedPoolSize, 0,
				TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemonThreads("csp-ws-shared-"));
		// Started here, so that no pool thread inherits the thread-locals (a security
		// context) of whatever thread first gave it work.
		sharedPool.prestartAllCoreThreads();
		this.sharedPool = sharedPool;
		// A thread for each task: a slow session store must not hold up heartbeats, nor
		// a sweep of many sockets the read timer.
		ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(3, daemonThreads("csp-ws-sweeper-"));
		long sweepInterval = sweepIntervalMillis();
		sweeper.scheduleWithFixedDelay(guarded(this::sweep), sweepInterval, sweepInterval, TimeUnit.MILLISECONDS);
		long tick = ReadTimer.TICK.toNanos();
		sweeper.scheduleAtFixedRate(guarded(this.readTimer::tick), tick, tick, TimeUnit.NANOSECONDS);
		this.readTimer.setTurning(true);
		long sessionCheckInterval = this.sessionCheckInterval.toMillis();
		sweeper.scheduleWithFixedDelay(guarded(() -> this.sessionTies.check(this.sessionKeepAlive, this::sessionEnded)),
				sessionCheckInterval, sessionCheckInterval, TimeUnit.MILLISECONDS);
		this.sweeper = sweeper;
		this.running = true;
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

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	@Override
	public void stop() {
		closeAll();
		awaitServers();
		shutDownPools();
	}

	@Override
	public void stop(Runnable callback) {
		closeAll();
		// The lifecycle processor bounds the wait with its shutdown timeout.
		Thread waiter = new Thread(() -> {
			awaitServers();
			shutDownPools();
			callback.run();
		}, "csp-ws-shutdown");
		waiter.setDaemon(true);
		waiter.start();
	}

	private void closeAll() {
		this.lock.lock();
		try {
			// Under the lock: no handshake is admitted after this.
			this.running = false;
		}
		finally {
			this.lock.unlock();
		}
		this.open.values().forEach((connection) -> connection.close(SHUTDOWN, CloseReason.SHUTDOWN, false));
	}

	private void awaitServers() {
		this.lock.lock();
		try {
			while (this.runningServers > 0) {
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

	private void shutDownPools() {
		// Every socket is closed by now, which wakes its readers.
		this.readTimer.setTurning(false);
		ScheduledExecutorService sweeper = this.sweeper;
		if (sweeper != null) {
			sweeper.shutdownNow();
		}
		ExecutorService sharedPool = this.sharedPool;
		if (sharedPool != null) {
			sharedPool.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
