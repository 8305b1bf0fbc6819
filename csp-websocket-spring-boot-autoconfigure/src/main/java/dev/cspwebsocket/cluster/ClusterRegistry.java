package dev.cspwebsocket.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.cspwebsocket.SharedSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;

/**
 * The cluster's registry in Redis: the live nodes, and the shared sockets of each.
 * <p>
 * Each node has one hash, {@code <prefix>node:<id>}, with a field per shared socket and a
 * TTL that its heartbeat renews: a node that dies takes its sockets out of the registry
 * when the TTL runs out, with no other node's help. The set {@code <prefix>nodes} names
 * the nodes to look in; the heartbeats drop the names of expired ones.
 * <p>
 * This node's changes are written in order by one thread ({@link #flush()},
 * {@link #heartbeat()}); when a write fails, or Redis has lost the hash, the next
 * heartbeat writes the whole hash again. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ClusterRegistry {

	/** The field that keeps a node's hash alive while it has no sockets. */
	private static final String NODE_FIELD = "@node";

	private static final char SEPARATOR = '\u001F';

	private final String prefix;

	private final String nodeId;

	private final Duration ttl;

	private final RedisLink link;

	private final Supplier<List<SharedSocket>> localSockets;

	private final Queue<Change> changes = new ConcurrentLinkedQueue<>();

	private final String startedAt = Instant.now().toString();

	// Touched by the one registry thread only.
	private boolean rewrite = true;

	private volatile int otherLiveNodes;

	ClusterRegistry(String prefix, String nodeId, Duration ttl, RedisLink link,
			Supplier<List<SharedSocket>> localSockets) {
		this.prefix = prefix;
		this.nodeId = nodeId;
		this.ttl = ttl;
		this.link = link;
		this.localSockets = localSockets;
	}

	/** Queue the registration of a socket for the next {@link #flush()}. */
	void opened(SharedSocket socket) {
		this.changes.add(new Change(socket.webSocketId(), entry(socket)));
	}

	/** Queue the removal of a socket for the next {@link #flush()}. */
	void closed(SharedSocket socket) {
		this.changes.add(new Change(socket.webSocketId(), null));
	}

	/** Write the queued changes, in one round trip. On the registry thread. */
	void flush() {
		List<Change> batch = new ArrayList<>();
		for (Change change = this.changes.poll(); change != null; change = this.changes.poll()) {
			batch.add(change);
		}
		if (batch.isEmpty() || this.rewrite) {
			// The next rewrite reads the sockets as they are then.
			return;
		}
		if (!this.link.isUp()) {
			this.rewrite = true;
			return;
		}
		byte[] key = bytes(nodeKey(this.nodeId));
		try {
			this.link.call("register this node's sockets", (connection) -> {
				connection.openPipeline();
				for (Change change : batch) {
					if (change.entry() != null) {
						connection.hashCommands().hSet(key, bytes(change.webSocketId()), bytes(change.entry()));
					}
					else {
						connection.hashCommands().hDel(key, bytes(change.webSocketId()));
					}
				}
				connection.closePipeline();
				return null;
			});
		}
		catch (RuntimeException ex) {
			this.rewrite = true;
		}
	}

	/**
	 * Renew this node's TTL, write its whole hash again when needed, and drop expired
	 * nodes from the set. On the registry thread.
	 * @throws RuntimeException when Redis cannot be reached; the link is then down
	 */
	void heartbeat() {
		try {
			renewOrRewrite();
		}
		catch (RuntimeException ex) {
			this.rewrite = true;
			throw ex;
		}
		this.otherLiveNodes = dropExpiredNodes();
	}

	private void renewOrRewrite() {
		byte[] key = bytes(nodeKey(this.nodeId));
		if (this.rewrite) {
			this.changes.clear();
			List<SharedSocket> sockets = this.localSockets.get();
			this.link.probe("register this node", (connection) -> {
				Map<byte[], byte[]> fields = new LinkedHashMap<>();
				fields.put(bytes(NODE_FIELD), bytes(this.startedAt));
				sockets.forEach((socket) -> fields.put(bytes(socket.webSocketId()), bytes(entry(socket))));
				connection.openPipeline();
				connection.keyCommands().del(key);
				connection.hashCommands().hMSet(key, fields);
				renew(connection, key);
				connection.closePipeline();
				return null;
			});
			this.rewrite = false;
		}
		else {
			List<Object> results = this.link.probe("renew this node's registration", (connection) -> {
				connection.openPipeline();
				connection.hashCommands().hSet(key, bytes(NODE_FIELD), bytes(this.startedAt));
				renew(connection, key);
				return connection.closePipeline();
			});
			// A new field: Redis lost the hash (restarted, or this node was gone too
			// long), and the sockets in it.
			this.rewrite = results != null && Boolean.TRUE.equals(results.get(0));
		}
	}

	/** How many other nodes were live at the last heartbeat. */
	int otherLiveNodeCount() {
		return this.otherLiveNodes;
	}

	private void renew(RedisConnection connection, byte[] key) {
		connection.keyCommands().pExpire(key, this.ttl.toMillis());
		connection.setCommands().sAdd(bytes(nodesKey()), bytes(this.nodeId));
	}

	/**
	 * @return how many other nodes are live
	 */
	private int dropExpiredNodes() {
		Map<String, Boolean> live = liveness(otherNodes());
		List<String> expired = live.entrySet()
			.stream()
			.filter((node) -> !node.getValue())
			.map(Map.Entry::getKey)
			.toList();
		if (!expired.isEmpty()) {
			this.link.probe("drop expired nodes", (connection) -> connection.setCommands()
				.sRem(bytes(nodesKey()), expired.stream().map(ClusterRegistry::bytes).toArray(byte[][]::new)));
		}
		return live.size() - expired.size();
	}

	private Map<String, Boolean> liveness(List<String> nodes) {
		List<Object> exists = this.link.probe("check the nodes", (connection) -> {
			connection.openPipeline();
			nodes.forEach((node) -> connection.keyCommands().exists(bytes(nodeKey(node))));
			return connection.closePipeline();
		});
		Map<String, Boolean> live = new LinkedHashMap<>();
		for (int i = 0; i < nodes.size(); i++) {
			live.put(nodes.get(i), exists != null && Boolean.TRUE.equals(exists.get(i)));
		}
		return live;
	}

	/** Take this node out of the registry at once: it is shutting down. */
	void deregister() {
		this.link.call("deregister this node", (connection) -> {
			connection.openPipeline();
			connection.keyCommands().del(bytes(nodeKey(this.nodeId)));
			connection.setCommands().sRem(bytes(nodesKey()), bytes(this.nodeId));
			connection.closePipeline();
			return null;
		});
	}

	/**
	 * The other nodes registered, live or expired.
	 */
	List<String> otherNodes() {
		Set<byte[]> members = this.link.call("list the nodes",
				(connection) -> connection.setCommands().sMembers(bytes(nodesKey())));
		return (members != null) ? members.stream()
			.map(ClusterRegistry::string)
			.filter((node) -> !node.equals(this.nodeId))
			.sorted()
			.toList() : List.of();
	}

	/**
	 * The other live nodes.
	 */
	List<String> otherLiveNodes() {
		return liveness(otherNodes()).entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
	}

	/**
	 * Find a shared socket on another node.
	 * @return the socket, or {@code null} when no live node has it
	 */
	@Nullable SharedSocket find(String webSocketId) {
		List<String> nodes = otherNodes();
		List<Object> entries = this.link.call("look up WebSocket in the cluster", (connection) -> {
			connection.openPipeline();
			nodes.forEach((node) -> connection.hashCommands().hGet(bytes(nodeKey(node)), bytes(webSocketId)));
			return connection.closePipeline();
		});
		for (int i = 0; i < nodes.size(); i++) {
			Object entry = (entries != null) ? entries.get(i) : null;
			if (entry instanceof byte[] value) {
				return socket(webSocketId, nodes.get(i), string(value));
			}
		}
		return null;
	}

	/**
	 * The shared sockets of the other live nodes that match a filter.
	 */
	List<SharedSocket> findAll(Predicate<SharedSocket> filter) {
		List<String> nodes = otherNodes();
		List<Object> hashes = this.link.call("look up WebSockets in the cluster", (connection) -> {
			connection.openPipeline();
			nodes.forEach((node) -> connection.hashCommands().hGetAll(bytes(nodeKey(node))));
			return connection.closePipeline();
		});
		List<SharedSocket> found = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			Object hash = (hashes != null) ? hashes.get(i) : null;
			if (hash instanceof Map<?, ?> fields) {
				String node = nodes.get(i);
				fields.forEach((id, entry) -> {
					String webSocketId = string((byte[]) id);
					if (!NODE_FIELD.equals(webSocketId)) {
						SharedSocket socket = socket(webSocketId, node, string((byte[]) entry));
						if (filter.test(socket)) {
							found.add(socket);
						}
					}
				});
			}
		}
		return found;
	}

	/** How many of this node's shared sockets wait to be registered. */
	int pendingChanges() {
		return this.changes.size();
	}

	String channel(String node) {
		return this.prefix + "to:" + node;
	}

	private String nodeKey(String node) {
		return this.prefix + "node:" + node;
	}

	private String nodesKey() {
		return this.prefix + "nodes";
	}

	private static String entry(SharedSocket socket) {
		return String.join(String.valueOf(SEPARATOR), socket.application(), socket.serverClass(), socket.serverType(),
				Objects.toString(socket.sessionId(), ""), Objects.toString(socket.subprotocol(), ""));
	}

	private static SharedSocket socket(String webSocketId, String node, String entry) {
		String[] fields = entry.split(String.valueOf(SEPARATOR), -1);
		return new SharedSocket(webSocketId, node, fields[0], fields[1], fields[2], emptyAsNull(fields[3]),
				emptyAsNull(fields[4]));
	}

	private static @Nullable String emptyAsNull(String value) {
		return value.isEmpty() ? null : value;
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	/** A socket to register, or, without an entry, to remove. */
	private record Change(String webSocketId, @Nullable String entry) {
	}

}
