package dev.cspwebsocket.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.cspwebsocket.ConnectionLimits;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketException;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.CspWebSocketsListener;
import dev.cspwebsocket.CspWebSocketsStats;
import dev.cspwebsocket.HandshakePolicy;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketNotFoundException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.cluster.CspWebSocketsCluster;
import dev.cspwebsocket.cluster.LocalNode;
import dev.cspwebsocket.cluster.SharedSocket;
import dev.cspwebsocket.observation.HandshakeObservationConvention;
import dev.cspwebsocket.observation.SocketObservationConvention;
import dev.cspwebsocket.transport.CspHandshakes;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The engine behind {@link CspWebSockets}: the registry of open sockets, its threads and
 * timers, and their lifecycle. The auto-configuration makes and configures it;
 * applications use it through {@link CspWebSockets}, Actuator through {@link #stats()},
 * and a cluster through {@link #localNode()}.
 * <p>
 * On shutdown it stops taking handshakes, closes every socket with 1001 and waits, within
 * the lifecycle's shutdown timeout, for every server object admitted to finish its
 * {@code server()} and {@code onPostServer()}. It holds the number of sockets to the
 * {@link ConnectionLimits}, and pings every socket to find clients that have gone without
 * closing ({@link Heartbeat}).
 * <p>
 * Thread-safe; configure it before it starts.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSocketsEngine implements CspWebSockets, SmartLifecycle {

	/** How often, at most, sockets are checked for idleness and heartbeats. */
	private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(CspWebSocketsEngine.class);

	private final Admission admission = new Admission();

	private final ServerThreads threads;

	private final ReadTimer readTimer = new ReadTimer();

	private final SocketLifecycle lifecycle;

	private final SocketStats stats;

	private final LocalNodeOperations localNode;

	private final SocketObservations observations = new SocketObservations();

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
	public CspWebSocketsEngine(boolean virtualThreads, int sharedPoolSize) {
		this.threads = new ServerThreads(virtualThreads, sharedPoolSize);
		this.lifecycle = new SocketLifecycle(this.admission, this.threads, this.observations,
				SocketIds.next().substring(0, 8));
		this.stats = new SocketStats(this.admission, this.threads, this.lifecycle);
		this.localNode = new LocalNodeOperations(this.lifecycle);
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
	 * Set where handshakes and the opening and close of sockets are observed; nothing is
	 * observed unless set. The handshake's observation, and so its trace, is current in
	 * every callback of the socket's server.
	 * @param registry the registry
	 */
	public void setObservationRegistry(ObservationRegistry registry) {
		this.observations.setRegistry(registry);
	}

	/**
	 * Set the names and keys of the handshakes' observations; a
	 * {@link dev.cspwebsocket.observation.DefaultHandshakeObservationConvention} unless
	 * set.
	 * @param convention the convention, or {@code null} for the default
	 */
	public void setHandshakeObservationConvention(@Nullable HandshakeObservationConvention convention) {
		this.observations.setHandshakeConvention(convention);
	}

	/**
	 * Set the names and keys of the observations of sockets opening and closing; a
	 * {@link dev.cspwebsocket.observation.DefaultSocketObservationConvention} unless set.
	 * @param convention the convention, or {@code null} for the default
	 */
	public void setSocketObservationConvention(@Nullable SocketObservationConvention convention) {
		this.observations.setSocketConvention(convention);
	}

	@Override
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

	@Override
	public void addListener(CspWebSocketsListener listener) {
		this.lifecycle.listeners().add(listener);
	}

	@Override
	public void removeListener(CspWebSocketsListener listener) {
		this.lifecycle.listeners().remove(listener);
	}

	@Override
	public WebSocketServer openServer(String webSocketId) {
		Assert.hasText(webSocketId, "webSocketId must not be empty");
		Connection connection = open().get(webSocketId);
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if ((connection == null || !connection.isOpen()) && cluster != null) {
			NonBlockingThreads.assertMayBlock("openServer() of a socket not on this node, which asks the cluster,");
			WebSocketServer remote = cluster.openServer(webSocketId);
			if (remote != null) {
				return GuardedRemoteServer.of(remote);
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

	@Override
	public List<WebSocketServer> openServersOfClass(String serverClass) {
		return openServers((socket) -> socket.serverClass().equals(serverClass));
	}

	@Override
	public List<WebSocketServer> openServersOfClass(Class<? extends CspWebSocket> type) {
		return openServers((socket) -> socket.isOfType(type));
	}

	@Override
	public List<WebSocketServer> openServersOfApplication(String application) {
		return openServers((socket) -> socket.application().equals(application));
	}

	@Override
	public List<WebSocketServer> openServersOfSession(String sessionId) {
		return withRemote(LocalNodeOperations.shared(this.lifecycle.sessionTies().connections(sessionId).stream()),
				(socket) -> sessionId.equals(socket.sessionId()));
	}

	private List<WebSocketServer> openServers(Predicate<SharedSocket> filter) {
		return withRemote(LocalNodeOperations.shared(open().values().stream())
			.filter((connection) -> filter.test(this.lifecycle.sharedSocket(connection))), filter);
	}

	private List<WebSocketServer> withRemote(Stream<Connection> local, Predicate<SharedSocket> filter) {
		List<WebSocketServer> servers = local.map(WebSocketServer.class::cast).toList();
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if (cluster == null) {
			return servers;
		}
		NonBlockingThreads.assertMayBlock("A look-up of open servers, which asks the cluster,");
		try {
			return Stream.concat(servers.stream(), cluster.openServers(filter).stream().map(GuardedRemoteServer::of))
				.toList();
		}
		catch (WebSocketClusterException ex) {
			throw new WebSocketClusterException(
					ex.getMessage() + "; this node's own " + servers.size() + " socket(s) are in localServers()", ex,
					servers);
		}
	}

	@Override
	public int sessionEnded(String sessionId) {
		return this.lifecycle.sessionEnded(sessionId);
	}

	@Override
	public List<WebSocketInfo> describe() {
		return this.localNode.describe();
	}

	@Override
	public List<WebSocketInfo> describeCluster() {
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if (cluster == null) {
			return describe();
		}
		NonBlockingThreads.assertMayBlock("describeCluster(), which asks the cluster,");
		return Stream.concat(describe().stream(), cluster.describe().stream())
			.sorted(LocalNodeOperations.OLDEST_FIRST)
			.toList();
	}

	@Override
	public Optional<WebSocketInfo> describe(String webSocketId) {
		return Optional.ofNullable(open().get(webSocketId)).map((connection) -> connection.info(nodeId()));
	}

	@Override
	public boolean endServer(String webSocketId, String reason) {
		if (this.localNode.endLocalServer(webSocketId, reason)) {
			return true;
		}
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		if (cluster == null) {
			return false;
		}
		NonBlockingThreads.assertMayBlock("endServer() of a socket not on this node, which asks the cluster,");
		return cluster.endServer(webSocketId, reason);
	}

	@Override
	public CspWebSocketsStats stats() {
		return this.stats;
	}

	/**
	 * The handshakes of this engine's sockets, for the container adapters.
	 * @param beanFactory where each socket's server object comes from
	 * @param limits the per-socket limits
	 * @param policy the origins allowed, compression, and whether handshakes get a
	 * session
	 * @return the handshakes
	 */
	public CspHandshakes handshakes(BeanFactory beanFactory, SocketLimits limits, HandshakePolicy policy) {
		return new EngineHandshakes(this.admission, this.lifecycle, socketContext(limits), beanFactory, policy);
	}

	/**
	 * What a cluster runs on this node for the other nodes.
	 * @return the operations, the same object on every call
	 */
	public LocalNode localNode() {
		return this.localNode;
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
		return new SocketContext(limits, this.readTimer, this.threads.senders(), this.lifecycle, this.observations);
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
