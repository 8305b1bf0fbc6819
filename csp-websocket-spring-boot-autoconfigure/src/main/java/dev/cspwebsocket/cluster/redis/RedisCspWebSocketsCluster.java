package dev.cspwebsocket.cluster.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import java.util.regex.Pattern;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.cluster.ClusterLink;
import dev.cspwebsocket.cluster.CspWebSocketsCluster;
import dev.cspwebsocket.cluster.FrameRefusal;
import dev.cspwebsocket.cluster.LocalNode;
import dev.cspwebsocket.cluster.SharedSocket;
import dev.cspwebsocket.observation.ClusterCallObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
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
 * timeout plus that). A piece read for another node stays reserved until that node
 * confirms it took it, and goes back to its socket's queue when it does not within the
 * request timeout (should Redis hold up a confirmation longer than that, the piece may be
 * read twice). While Redis is unreachable, remote operations fail at once and this node's
 * own sockets keep working; when it is back, the node registers its sockets again by
 * itself. On shutdown the node leaves the registry as soon as the context closes, before
 * its sockets do.
 * <p>
 * Frames and registry entries carry the wire format's version ({@link ClusterCodec}): a
 * node refuses those of another version rather than misread them, logs that once and
 * counts it ({@link #refusedFrames}), and answers a request it cannot read with a refusal
 * that fails its caller at once.
 * <p>
 * Needs a standalone Redis (or one behind Sentinel): on a Redis Cluster, a publish does
 * not tell whether the other node listens. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class RedisCspWebSocketsCluster implements CspWebSocketsCluster, ClusterLink, SmartLifecycle,
		MessageListener, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	/** Starts after the sockets can be served, and stops before they close. */
	public static final int PHASE = CspWebSockets.PHASE + 1;

	private static final Log logger = LogFactory.getLog(RedisCspWebSocketsCluster.class);

	private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]+");

	private final LocalNode localNode;

	private final RedisMessageListenerContainer listenerContainer;

	private final Duration ttl;

	private final RedisLink link;

	private final ClusterRegistry registry;

	private final ClusterRequestHandler handler;

	private final ClusterRefusals refusals = new ClusterRefusals();

	private final ClusterCallObservations observations = new ClusterCallObservations();

	private final Map<Long, Waiting> pending = new ConcurrentHashMap<>();

	// From a random start: the replies to an earlier run of a node with the same id
	// answer none of this run's requests.
	private final AtomicLong requestIds = new AtomicLong(new SecureRandom().nextLong());

	private final AtomicBoolean flushQueued = new AtomicBoolean();

	private final ChannelTopic inbox;

	/** Runs Redis calls, and what other nodes ask: a read waits there for its timeout. */
	private final SimpleAsyncTaskExecutor calls;

	/** When each other node was last seen live, in nanoseconds. */
	private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

	private @Nullable ApplicationContext context;

	private volatile @Nullable ScheduledThreadPoolExecutor registrar;

	private volatile Set<String> otherLiveNodes = Set.of();

	private volatile boolean running;

	/**
	 * Create the cluster link of this node.
	 * @param localNode this node, as the cluster works it; its node id is this node's id
	 * in the cluster
	 * @param connectionFactory the connection to Redis
	 * @param listenerContainer the container that delivers this node's channel
	 * @param keyPrefix the prefix of every key and channel, so that several applications
	 * can share one Redis
	 * @param ttl how long a node stays registered after its last heartbeat; at least
	 * eight request timeouts, so that a heartbeat whose calls all take their time still
	 * renews it in time
	 * @param requestTimeout how long a request to another node may take
	 */
	public RedisCspWebSocketsCluster(LocalNode localNode, RedisConnectionFactory connectionFactory,
			RedisMessageListenerContainer listenerContainer, String keyPrefix, Duration ttl, Duration requestTimeout) {
		Assert.isTrue(requestTimeout.toMillis() > 0, "requestTimeout must be positive");
		// Renewals may lie a third of the TTL and five slow calls apart.
		Assert.isTrue(ttl.compareTo(requestTimeout.multipliedBy(8)) >= 0,
				() -> "ttl (" + ttl.toMillis() + " ms) must be at least eight times requestTimeout ("
						+ requestTimeout.toMillis() + " ms), so that a slow heartbeat still renews it in time");
		Assert.isTrue(NODE_ID.matcher(localNode.nodeId()).matches(), () -> "Node id '" + localNode.nodeId()
				+ "' must be letters, digits, '.', '_' or '-': it names the node's Redis key and channel");
		this.localNode = localNode;
		this.listenerContainer = listenerContainer;
		this.ttl = ttl;
		SimpleAsyncTaskExecutor calls = new SimpleAsyncTaskExecutor("csp-ws-cluster-");
		calls.setVirtualThreads(Runtime.version().feature() >= 21);
		calls.setDaemon(true);
		this.calls = calls;
		this.link = new RedisLink(new StringRedisTemplate(connectionFactory), calls, requestTimeout);
		this.registry = new ClusterRegistry(keyPrefix, localNode.nodeId(), ttl, this.link, localNode::sharedSockets,
				(webSocketId) -> localNode.openLocalServer(webSocketId).isPresent(), this.refusals);
		this.handler = new ClusterRequestHandler(localNode, this::answer, requestTimeout);
		this.inbox = new ChannelTopic(this.registry.channel(localNode.nodeId()));
	}

	/**
	 * Set where this node's calls to other nodes are observed; nothing is observed unless
	 * set.
	 * @param registry the registry
	 */
	public void setObservationRegistry(ObservationRegistry registry) {
		this.observations.setRegistry(registry);
	}

	/**
	 * Set the names and keys of the cluster calls' observations; a
	 * {@link dev.cspwebsocket.observation.DefaultClusterCallObservationConvention} unless
	 * set.
	 * @param convention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable ClusterCallObservationConvention convention) {
		this.observations.setConvention(convention);
	}

	@Override
	public String nodeId() {
		return this.localNode.nodeId();
	}

	@Override
	public boolean isLinkUp() {
		return this.link.isUp();
	}

	@Override
	public @Nullable String linkError() {
		return this.link.lastError();
	}

	@Override
	public int otherNodes() {
		return this.otherLiveNodes.size();
	}

	@Override
	public long refusedFrames(FrameRefusal reason) {
		return this.refusals.count(reason);
	}

	@Override
	public void sharedSocketOpened(SharedSocket socket) {
		this.registry.changed(socket);
		queueFlush();
	}

	@Override
	public void sharedSocketClosed(SharedSocket socket) {
		this.registry.changed(socket);
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
		askEveryNode(ClusterRequest.of(ClusterRequest.Operation.DESCRIBE), (node, answer) -> {
			if (answer instanceof ClusterReply.Described described) {
				sockets.addAll(described.sockets());
			}
			else {
				logger.debug("Node " + node + " did not describe its sockets in time; they are left out");
			}
		});
		return sockets;
	}

	@Override
	public boolean endServer(String webSocketId, String reason) {
		List<String> silent = new ArrayList<>();
		boolean[] ended = new boolean[1];
		askEveryNode(ClusterRequest.of(ClusterRequest.Operation.END_BY_ADMINISTRATOR)
			.withText(reason)
			.addressed(0, "", webSocketId), (node, answer) -> {
				if (answer instanceof ClusterReply.Done done) {
					ended[0] |= done.answer();
				}
				else {
					silent.add(node);
				}
			});
		if (!ended[0] && !silent.isEmpty()) {
			throw new WebSocketClusterException("WebSocket " + WebSocketIds.shown(webSocketId)
					+ " is not open on the nodes that answered, and node(s) " + silent + " did not answer in time");
		}
		return ended[0];
	}

	/**
	 * Ask every other live node at once, and take each answer, or {@code null} for a node
	 * that did not answer within the request timeout.
	 */
	private void askEveryNode(ClusterRequest unaddressed,
			java.util.function.BiConsumer<String, @Nullable ClusterReply> answers) {
		this.observations.observe(unaddressed.operation(), () -> askAll(unaddressed, answers),
				(everyone) -> everyone ? "success" : "timeout");
	}

	/**
	 * @return whether every node answered
	 */
	private boolean askAll(ClusterRequest unaddressed,
			java.util.function.BiConsumer<String, @Nullable ClusterReply> answers) {
		Map<String, CompletableFuture<ClusterReply>> replies = new java.util.LinkedHashMap<>();
		for (String node : this.registry.otherLiveNodes()) {
			ClusterRequest request = unaddressed.addressed(this.requestIds.incrementAndGet(), nodeId(),
					unaddressed.webSocketId());
			CompletableFuture<ClusterReply> reply = new CompletableFuture<>();
			this.pending.put(request.id(), new Waiting(reply, node));
			try {
				publish(node, ClusterCodec.encode(request), "ask node " + node);
			}
			catch (RuntimeException ex) {
				reply.completeExceptionally(ex);
			}
			replies.put(node, reply.orTimeout(this.link.timeout().toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((answer, failure) -> this.pending.remove(request.id())));
		}
		boolean everyone = true;
		for (Map.Entry<String, CompletableFuture<ClusterReply>> reply : replies.entrySet()) {
			ClusterReply answer = reply.getValue().exceptionally((failure) -> null).join();
			everyone &= answer != null;
			answers.accept(reply.getKey(), answer);
		}
		return everyone;
	}

	/**
	 * Send a request about a socket to its node and wait for the answer.
	 * @param wait how long to wait for it
	 * @throws WebSocketClusterException when the node is not listening or does not answer
	 * in time
	 */
	ClusterReply request(SharedSocket socket, ClusterRequest unaddressed, Duration wait) {
		return this.observations.observe(unaddressed.operation(), () -> call(socket, unaddressed, wait),
				ClusterCallObservations::outcome);
	}

	private ClusterReply call(SharedSocket socket, ClusterRequest unaddressed, Duration wait) {
		ClusterRequest request = unaddressed.addressed(this.requestIds.incrementAndGet(), nodeId(),
				socket.webSocketId());
		CompletableFuture<ClusterReply> reply = new CompletableFuture<>();
		Waiting waiting = new Waiting(reply, socket.node());
		this.pending.put(request.id(), waiting);
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
			if (!this.pending.remove(request.id(), waiting)) {
				// The answer came just now: take it, as the node was told it was taken.
				return reply.join();
			}
			throw new WebSocketClusterException("No answer from node " + socket.node() + " about " + about + " within "
					+ wait.toMillis() + " ms: the node is gone or overloaded; the "
					+ request.operation().name().toLowerCase().replace('_', ' ') + " was not confirmed", ex);
		}
		catch (ExecutionException ex) {
			// Refused: the cause says by what versions, and what to do.
			Throwable cause = ex.getCause();
			throw new WebSocketClusterException(
					"The request to " + about + " failed: " + ((cause != null) ? cause : ex).getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WebSocketClusterException("Interrupted while waiting for " + about, ex);
		}
		finally {
			this.pending.remove(request.id(), waiting);
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
		ClusterFrame decoded;
		try {
			decoded = ClusterCodec.decode(message.getBody());
		}
		catch (IllegalArgumentException ex) {
			this.refusals.refused(FrameRefusal.MALFORMED, ClusterRefusals.NO_VERSION,
					() -> "Ignored a message on " + this.inbox + " that is not a cluster frame: " + ex.getMessage());
			return;
		}
		if (decoded instanceof ClusterCodec.Unreadable unreadable) {
			refuse(unreadable);
			return;
		}
		if (decoded instanceof ClusterCodec.Refusal refusal) {
			fail(refusal.requestId(), refusal.message());
			return;
		}
		if (decoded instanceof ClusterRequest request) {
			// Off the container's threads, which may be few: reads wait for their
			// timeout, and confirmations must get through meanwhile.
			this.calls.execute(() -> this.handler.handle(request));
			return;
		}
		ClusterReply reply = (ClusterReply) decoded;
		Waiting waiting = this.pending.remove(reply.requestId());
		if (waiting == null) {
			// Its asker gave up: a piece read for it is not confirmed, and goes back.
			logger.debug("An answer from another node came after its request timed out");
			return;
		}
		if (reply instanceof ClusterReply.Read read && read.result() instanceof ReadResult.Message) {
			confirmTaken(waiting.node(), reply.requestId());
		}
		waiting.reply().complete(reply);
	}

	/**
	 * Refuse a frame this node cannot read: answer a request, so that its caller fails at
	 * once rather than wait for its timeout, and fail the request that an answer is for.
	 */
	private void refuse(ClusterCodec.Unreadable frame) {
		this.refusals.refused(frame.reason(), frame.version(), frame::message);
		if (!frame.request()) {
			Waiting waiting = this.pending.get(frame.requestId());
			if (waiting != null) {
				fail(frame.requestId(), frame.answerMessage(waiting.node()));
			}
		}
		else if (NODE_ID.matcher(frame.sender()).matches()) {
			byte[] refusal = ClusterCodec.refusal(frame, nodeId());
			// Off the container's threads, as the answers of what this node can read.
			this.calls.execute(() -> answer(frame.sender(), refusal));
		}
	}

	private void fail(long requestId, String message) {
		Waiting waiting = this.pending.remove(requestId);
		if (waiting != null) {
			waiting.reply().completeExceptionally(new WebSocketClusterException(message));
		}
	}

	private void confirmTaken(String node, long requestId) {
		byte[] channel = ClusterRegistry.bytes(this.registry.channel(node));
		byte[] confirmation = ClusterCodec
			.encode(ClusterRequest.of(ClusterRequest.Operation.READ_TAKEN).addressed(requestId, nodeId(), ""));
		try {
			// Even while the link counts as down: the answer just came through.
			this.link.probe("confirm a read to node " + node,
					(connection) -> connection.publish(channel, confirmation));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not confirm a read to node " + node + ", which puts the piece back: " + ex.getMessage());
		}
	}

	/**
	 * Send an answer.
	 * @return {@code false} when it surely did not reach its node: no one listens there;
	 * {@code true} when it may have, even if the call failed, so that a read waits for
	 * the confirmation rather than put back a piece the node may have taken
	 */
	private boolean answer(String node, ClusterReply reply) {
		return answer(node, ClusterCodec.encode(reply, nodeId()));
	}

	private boolean answer(String node, byte[] reply) {
		try {
			Long listeners = publish(node, reply, "answer node " + node);
			return listeners == null || listeners > 0;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not answer node " + node + ": " + ex.getMessage());
			return true;
		}
	}

	@Override
	public void start() {
		this.listenerContainer.addMessageListener(this, this.inbox);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("csp-ws-registry-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor registrar = new ScheduledThreadPoolExecutor(1, threads);
		long interval = this.ttl.toMillis() / 3;
		registrar.scheduleWithFixedDelay(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
		this.registrar = registrar;
		this.running = true;
	}

	private void heartbeat() {
		try {
			Set<String> live = this.registry.heartbeat();
			this.otherLiveNodes = live;
			long now = System.nanoTime();
			live.forEach((node) -> this.lastSeen.put(node, now));
			// Readers on a node missing for a whole TTL (not only from a Redis that lost
			// its data) will not come back for the rest of their messages.
			Set<String> gone = new HashSet<>();
			this.lastSeen.forEach((node, seen) -> {
				if (now - seen > this.ttl.toNanos()) {
					gone.add(node);
				}
			});
			gone.forEach((node) -> {
				this.lastSeen.remove(node);
				this.localNode.readersGone(node + "/");
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Cluster heartbeat failed; it is tried again at the next turn", ex);
		}
	}

	/**
	 * Leave the cluster as soon as the context closes: before the listener container
	 * stops and the sockets close, so that the other nodes stop routing here first.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// A child context's close reaches its parent's listeners too.
		if (this.context == null || event.getApplicationContext() == this.context) {
			leave();
		}
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	private void leave() {
		ScheduledThreadPoolExecutor registrar = this.registrar;
		if (registrar == null || registrar.isShutdown()) {
			return;
		}
		registrar.shutdown();
		try {
			registrar.awaitTermination(this.link.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.registry.deregister();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister this node; the other nodes drop it when its TTL runs out: "
					+ ex.getMessage());
		}
	}

	@Override
	public void stop() {
		leave();
		this.running = false;
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

	/** A request waiting for its answer, and the node asked. */
	private record Waiting(CompletableFuture<ClusterReply> reply, String node) {
	}

}
