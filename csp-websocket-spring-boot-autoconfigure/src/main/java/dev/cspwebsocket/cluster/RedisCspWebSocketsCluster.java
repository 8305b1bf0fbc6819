package dev.cspwebsocket.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.CspWebSocketsCluster;
import dev.cspwebsocket.SharedSocket;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * A cluster of nodes on Redis: this node's shared sockets are registered in Redis
 * ({@link ClusterRegistry}), and the sockets of the other nodes are worked by request and
 * reply over Redis pub/sub, each node listening on a channel of its own.
 * <p>
 * Nothing is lost silently: a request either gets its node's answer or fails with a
 * {@link WebSocketClusterException} within the request timeout (a read within its own
 * timeout plus that), and a piece read for a node that is no longer listening goes back
 * to its socket's queue. While Redis is unreachable, remote operations fail at once and
 * this node's own sockets keep working; when it is back, the node registers its sockets
 * again by itself.
 * <p>
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class RedisCspWebSocketsCluster implements CspWebSocketsCluster, SmartLifecycle, MessageListener {

	/**
	 * Stops before the sockets close, so that the other nodes stop routing here first.
	 */
	public static final int PHASE = CspWebSockets.PHASE + 1;

	private static final Log logger = LogFactory.getLog(RedisCspWebSocketsCluster.class);

	private final CspWebSockets sockets;

	private final RedisMessageListenerContainer listenerContainer;

	private final Duration ttl;

	private final RedisLink link;

	private final ClusterRegistry registry;

	private final ClusterRequestHandler handler;

	private final SimpleAsyncTaskExecutor calls;

	private final Map<Long, CompletableFuture<ClusterReply>> pending = new ConcurrentHashMap<>();

	private final AtomicLong requestIds = new AtomicLong();

	private final AtomicBoolean flushQueued = new AtomicBoolean();

	private final ChannelTopic inbox;

	private volatile @Nullable ScheduledThreadPoolExecutor registrar;

	private volatile boolean running;

	/**
	 * Create the cluster link of this node.
	 * @param sockets this node's sockets; its node id is this node's id in the cluster
	 * @param connectionFactory the connection to Redis
	 * @param listenerContainer the container that delivers this node's channel
	 * @param keyPrefix the prefix of every key and channel, so that several applications
	 * can share one Redis
	 * @param ttl how long a node stays registered after its last heartbeat
	 * @param requestTimeout how long a request to another node may take
	 */
	public RedisCspWebSocketsCluster(CspWebSockets sockets, RedisConnectionFactory connectionFactory,
			RedisMessageListenerContainer listenerContainer, String keyPrefix, Duration ttl, Duration requestTimeout) {
		Assert.isTrue(ttl.toMillis() >= 300, "ttl must be at least 300 ms");
		Assert.isTrue(requestTimeout.toMillis() > 0, "requestTimeout must be positive");
		this.sockets = sockets;
		this.listenerContainer = listenerContainer;
		this.ttl = ttl;
		this.calls = new SimpleAsyncTaskExecutor("csp-ws-cluster-");
		this.calls.setVirtualThreads(Runtime.version().feature() >= 21);
		this.calls.setDaemon(true);
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		this.link = new RedisLink(redis, this.calls, requestTimeout);
		this.registry = new ClusterRegistry(keyPrefix, sockets.nodeId(), ttl, this.link, sockets::sharedSockets);
		this.handler = new ClusterRequestHandler(sockets);
		this.inbox = new ChannelTopic(this.registry.channel(sockets.nodeId()));
	}

	/**
	 * The id of this node.
	 * @return the id
	 */
	public String nodeId() {
		return this.sockets.nodeId();
	}

	/**
	 * Whether Redis answered this node's last call.
	 * @return {@code true} while the link is up
	 */
	public boolean isLinkUp() {
		return this.link.isUp();
	}

	/**
	 * Why the link is down.
	 * @return the last failure, or {@code null} while the link is up
	 */
	public @Nullable String linkError() {
		return this.link.lastError();
	}

	/**
	 * How many other nodes were live at the last heartbeat.
	 * @return the count
	 */
	public int otherNodes() {
		return this.registry.otherLiveNodeCount();
	}

	@Override
	public void sharedSocketOpened(SharedSocket socket) {
		this.registry.opened(socket);
		queueFlush();
	}

	@Override
	public void sharedSocketClosed(SharedSocket socket) {
		this.registry.closed(socket);
		queueFlush();
	}

	private void queueFlush() {
		ScheduledThreadPoolExecutor registrar = this.registrar;
		if (registrar != null && this.flushQueued.compareAndSet(false, true)) {
			try {
				registrar.execute(() -> {
					this.flushQueued.set(false);
					this.registry.flush();
				});
			}
			catch (RejectedExecutionException ex) {
				// Stopped: this node has left the registry with all its sockets.
			}
		}
	}

	@Override
	public @Nullable WebSocketServer openServer(String webSocketId) {
		SharedSocket socket = this.registry.find(webSocketId);
		return (socket != null) ? new RemoteWebSocketServer(socket, this) : null;
	}

	@Override
	public List<WebSocketServer> openServers(Predicate<SharedSocket> filter) {
		return this.registry.findAll(filter)
			.stream()
			.map((socket) -> (WebSocketServer) new RemoteWebSocketServer(socket, this))
			.toList();
	}

	@Override
	public List<WebSocketInfo> describe() {
		List<WebSocketInfo> sockets = new ArrayList<>();
		for (CompletableFuture<ClusterReply> reply : askEveryNode(ClusterRequest.Operation.DESCRIBE, "", "")) {
			ClusterReply answer = answer(reply);
			if (answer instanceof ClusterReply.Described described) {
				sockets.addAll(described.sockets());
			}
		}
		return sockets;
	}

	@Override
	public boolean endServer(String webSocketId, String reason) {
		boolean ended = false;
		for (CompletableFuture<ClusterReply> reply : askEveryNode(ClusterRequest.Operation.END_BY_ADMINISTRATOR,
				webSocketId, reason)) {
			ended |= answer(reply) instanceof ClusterReply.Done done && done.answer();
		}
		return ended;
	}

	/** Ask every other live node at once; the answers come within the request timeout. */
	private List<CompletableFuture<ClusterReply>> askEveryNode(ClusterRequest.Operation operation, String webSocketId,
			String text) {
		List<CompletableFuture<ClusterReply>> replies = new ArrayList<>();
		for (String node : this.registry.otherLiveNodes()) {
			ClusterRequest request = ClusterRequest.of(operation)
				.withText(text)
				.addressed(this.requestIds.incrementAndGet(), nodeId(), webSocketId);
			CompletableFuture<ClusterReply> reply = new CompletableFuture<>();
			this.pending.put(request.id(), reply);
			try {
				publish(node, ClusterCodec.encode(request), "ask node " + node);
			}
			catch (RuntimeException ex) {
				this.pending.remove(request.id());
				reply.completeExceptionally(ex);
			}
			replies.add(reply.orTimeout(this.link.timeout().toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((answer, failure) -> this.pending.remove(request.id())));
		}
		return replies;
	}

	private static @Nullable ClusterReply answer(CompletableFuture<ClusterReply> reply) {
		try {
			return reply.get();
		}
		catch (ExecutionException ex) {
			logger.debug("A node did not answer in time; its sockets are left out", ex);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WebSocketClusterException("Interrupted while asking the other nodes", ex);
		}
	}

	/**
	 * Send a request about a socket to its node and wait for the answer.
	 * @param wait how long to wait for it
	 * @throws WebSocketClusterException when the node is not listening or does not answer
	 * in time
	 */
	ClusterReply request(SharedSocket socket, ClusterRequest unaddressed, Duration wait) {
		ClusterRequest request = unaddressed.addressed(this.requestIds.incrementAndGet(), nodeId(),
				socket.webSocketId());
		CompletableFuture<ClusterReply> reply = new CompletableFuture<>();
		this.pending.put(request.id(), reply);
		String about = "WebSocket " + WebSocketIds.shown(socket.webSocketId()) + " on node " + socket.node();
		try {
			Long listeners = publish(socket.node(), ClusterCodec.encode(request), "reach " + about);
			if (listeners == null || listeners == 0) {
				throw new WebSocketClusterException("Node " + socket.node() + ", which holds " + about
						+ ", is not listening: it has stopped or lost its link to Redis");
			}
			return reply.get(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new WebSocketClusterException("No answer from node " + socket.node() + " about " + about + " within "
					+ wait.toMillis() + " ms: the node is gone or overloaded; the "
					+ request.operation().name().toLowerCase() + " was not confirmed", ex);
		}
		catch (ExecutionException ex) {
			throw new WebSocketClusterException("The request to " + about + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WebSocketClusterException("Interrupted while waiting for " + about, ex);
		}
		finally {
			this.pending.remove(request.id());
		}
	}

	Duration requestTimeout() {
		return this.link.timeout();
	}

	private @Nullable Long publish(String node, byte[] message, String what) {
		byte[] channel = ClusterRegistry.bytes(this.registry.channel(node));
		return this.link.call(what, (connection) -> connection.publish(channel, message));
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		Object decoded;
		try {
			decoded = ClusterCodec.decode(message.getBody());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignored a message on " + this.inbox + " that is not a cluster message: " + ex.getMessage());
			return;
		}
		if (decoded instanceof ClusterRequest request) {
			this.handler.handle(request, (reply) -> answer(request.replyTo(), reply));
			return;
		}
		ClusterReply reply = (ClusterReply) decoded;
		CompletableFuture<ClusterReply> waiting = this.pending.remove(reply.requestId());
		if (waiting == null || !waiting.complete(reply)) {
			logger.warn("An answer from another node came after its request timed out"
					+ ((reply instanceof ClusterReply.Read read
							&& read.result() instanceof dev.cspwebsocket.ReadResult.Message)
									? ": a piece of a client message read for this node is lost" : ""));
		}
	}

	/** Send an answer; whether it reached its node. */
	private boolean answer(String node, ClusterReply reply) {
		try {
			Long listeners = publish(node, ClusterCodec.encode(reply), "answer node " + node);
			return listeners != null && listeners > 0;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not answer node " + node + ": " + ex.getMessage());
			return false;
		}
	}

	@Override
	public void start() {
		this.listenerContainer.addMessageListener(this, this.inbox);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("csp-ws-registry-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor registrar = new ScheduledThreadPoolExecutor(1, threads);
		long interval = Math.max(100, this.ttl.toMillis() / 3);
		registrar.scheduleWithFixedDelay(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
		this.registrar = registrar;
		this.running = true;
	}

	private void heartbeat() {
		try {
			this.registry.heartbeat();
		}
		catch (RuntimeException ex) {
			logger.debug("Cluster heartbeat failed; it is tried again at the next turn", ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		ScheduledThreadPoolExecutor registrar = this.registrar;
		if (registrar != null) {
			registrar.shutdownNow();
		}
		try {
			this.registry.deregister();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister this node; the other nodes drop it when its TTL runs out: "
					+ ex.getMessage());
		}
		this.listenerContainer.removeMessageListener(this, this.inbox);
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
