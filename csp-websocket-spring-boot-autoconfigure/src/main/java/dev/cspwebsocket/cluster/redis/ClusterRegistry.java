package dev.cspwebsocket.cluster.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.cluster.FrameRefusal;
import dev.cspwebsocket.cluster.SharedSocket;
import org.jspecify.annotations.Nullable;

/**
 * The cluster's registry in Redis: the live nodes, and the shared sockets of each.
 * <p>
 * Each node has one hash, {@code <prefix>node:<id>}, with a field per shared socket and a
 * TTL that its heartbeat renews: a node that dies takes its sockets out of the registry
 * when the TTL runs out, with no other node's help. The set {@code <prefix>nodes} names
 * the nodes to look in; the heartbeats drop the names of expired ones.
 * <p>
 * This node's writes go one at a time, from one thread ({@link #flush()},
 * {@link #heartbeat()}), and none starts while an earlier one, timed out, may still reach
 * Redis. When a write fails, or Redis has lost the hash, the next heartbeat replaces the
 * whole hash at once. Commands go one by one on the connection factory's shared
 * connection: a pipeline would open a connection of its own each time.
 * <p>
 * A socket's field holds its application, server class, server type, HTTP session and
 * subprotocol, then the wire format's version ({@link ClusterCodec#FORMAT}), separated by
 * {@code U+001F}: a node of the unversioned format reads the first five and no more. A
 * later version keeps the version sixth and adds its fields after it. An entry of another
 * version, the unversioned one included, is refused: its socket cannot be worked from
 * here, as its node would not read this node's requests. Thread-safe.
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

	private final Predicate<String> isOpenHere;

	private final ClusterRefusals refusals;

	private final Queue<SharedSocket> changed = new ConcurrentLinkedQueue<>();

	private final InFlight writesInFlight = new InFlight();

	private final String startedAt = Instant.now().toString();

	// Touched by the one registry thread only.
	private boolean rewrite = true;

	private volatile Set<String> otherLiveNodes = Set.of();

	/**
	 * @param localSockets this node's open shared sockets
	 * @param isOpenHere whether a shared socket is open on this node, by id
	 * @param refusals where the entries of other versions are counted
	 */
	ClusterRegistry(String prefix, String nodeId, Duration ttl, RedisLink link,
			Supplier<List<SharedSocket>> localSockets, Predicate<String> isOpenHere, ClusterRefusals refusals) {
		this.prefix = prefix;
		this.nodeId = nodeId;
		this.ttl = ttl;
		this.link = link;
		this.localSockets = localSockets;
		this.isOpenHere = isOpenHere;
		this.refusals = refusals;
	}

	/**
	 * A shared socket of this node has opened or closed: the next {@link #flush()} writes
	 * it as it is then, so that an opening and a close that race are written in the right
	 * order.
	 */
	void changed(SharedSocket socket) {
		this.changed.add(socket);
	}

	/** Write the changed sockets as they are now. On the registry thread. */
	void flush() {
		Map<String, SharedSocket> batch = new LinkedHashMap<>();
		for (SharedSocket socket = this.changed.poll(); socket != null; socket = this.changed.poll()) {
			batch.put(socket.webSocketId(), socket);
		}
		if (batch.isEmpty() || this.rewrite) {
			// The next rewrite reads the sockets as they are then.
			return;
		}
		if (!this.link.isUp() || !this.writesInFlight.isIdle()) {
			this.rewrite = true;
			return;
		}
		Map<byte[], byte[]> open = new LinkedHashMap<>();
		List<byte[]> closed = new ArrayList<>();
		batch.values().forEach((socket) -> {
			if (this.isOpenHere.test(socket.webSocketId())) {
				open.put(bytes(socket.webSocketId()), bytes(entry(socket)));
			}
			else {
				closed.add(bytes(socket.webSocketId()));
			}
		});
		byte[] key = bytes(nodeKey(this.nodeId));
		try {
			this.link.call("register this node's sockets", (connection) -> {
				if (!open.isEmpty()) {
					connection.hashCommands().hMSet(key, open);
				}
				if (!closed.isEmpty()) {
					connection.hashCommands().hDel(key, closed.toArray(byte[][]::new));
				}
				// Redis may have lost the hash: never leave one without a TTL.
				connection.keyCommands().pExpire(key, this.ttl.toMillis());
				return null;
			}, this.writesInFlight);
		}
		catch (RuntimeException ex) {
			this.rewrite = true;
		}
	}

	/**
	 * Renew this node's TTL, replace its whole hash when needed, and drop expired nodes
	 * from the set. On the registry thread.
	 * @return the other nodes live now
	 * @throws RuntimeException when Redis cannot be reached; the link is then down
	 */
	Set<String> heartbeat() {
		if (!this.writesInFlight.isIdle()) {
			// A write that timed out may still land: wait for it, or it could undo
			// what this one writes.
			this.rewrite = true;
			return this.otherLiveNodes;
		}
		try {
			if (this.rewrite) {
				rewrite();
			}
			else {
				renew();
			}
		}
		catch (RuntimeException ex) {
			this.rewrite = true;
			throw ex;
		}
		this.otherLiveNodes = dropExpiredNodes();
		return this.otherLiveNodes;
	}

	/**
	 * Write the hash aside and rename it over the old one: readers never see it half
	 * done.
	 */
	private void rewrite() {
		this.changed.clear();
		List<SharedSocket> sockets = this.localSockets.get();
		byte[] key = bytes(nodeKey(this.nodeId));
		byte[] staging = bytes(nodeKey(this.nodeId) + ":staging");
		Map<byte[], byte[]> fields = new LinkedHashMap<>();
		fields.put(bytes(NODE_FIELD), bytes(this.startedAt));
		sockets.forEach((socket) -> fields.put(bytes(socket.webSocketId()), bytes(entry(socket))));
		this.link.probe("register this node", (connection) -> {
			connection.keyCommands().del(staging);
			connection.hashCommands().hMSet(staging, fields);
			connection.keyCommands().pExpire(staging, this.ttl.toMillis());
			connection.keyCommands().rename(staging, key);
			connection.setCommands().sAdd(bytes(nodesKey()), bytes(this.nodeId));
			return null;
		}, this.writesInFlight);
		this.rewrite = false;
	}

	private void renew() {
		byte[] key = bytes(nodeKey(this.nodeId));
		Boolean lost = this.link.probe("renew this node's registration", (connection) -> {
			Boolean created = connection.hashCommands().hSet(key, bytes(NODE_FIELD), bytes(this.startedAt));
			connection.keyCommands().pExpire(key, this.ttl.toMillis());
			connection.setCommands().sAdd(bytes(nodesKey()), bytes(this.nodeId));
			return created;
		}, this.writesInFlight);
		// A new field: Redis lost the hash (restarted, or this node was gone too long),
		// and the sockets in it.
		this.rewrite = Boolean.TRUE.equals(lost);
	}

	private Set<String> dropExpiredNodes() {
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
		Set<String> alive = new LinkedHashSet<>(live.keySet());
		alive.removeAll(expired);
		return Set.copyOf(alive);
	}

	private Map<String, Boolean> liveness(List<String> nodes) {
		Map<String, Boolean> live = new LinkedHashMap<>();
		this.link.call("check the nodes", (connection) -> {
			nodes.forEach((node) -> live.put(node,
					Boolean.TRUE.equals(connection.keyCommands().exists(bytes(nodeKey(node))))));
			return null;
		});
		return live;
	}

	/**
	 * Take this node out of the registry at once: it is shutting down. Waits, within the
	 * request timeout, for a write still on its way, which could register it again.
	 */
	void deregister() {
		try {
			this.writesInFlight.awaitIdle(this.link.timeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.link.call("deregister this node", (connection) -> {
			connection.keyCommands().del(bytes(nodeKey(this.nodeId)));
			connection.setCommands().sRem(bytes(nodesKey()), bytes(this.nodeId));
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
	 * The other live nodes, as Redis has them now.
	 */
	List<String> otherLiveNodes() {
		return liveness(otherNodes()).entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
	}

	/** How many other nodes were live at the last heartbeat. */
	int otherLiveNodeCount() {
		return this.otherLiveNodes.size();
	}

	/**
	 * Find a shared socket on another node.
	 * @return the socket, or {@code null} when no live node has it
	 * @throws WebSocketClusterException when its node registered it in another wire
	 * format
	 */
	@Nullable SharedSocket find(String webSocketId) {
		List<String> nodes = otherNodes();
		// Read out of the call: a refused entry must not count as Redis failing.
		Map.Entry<String, byte[]> found = this.link.call("look up WebSocket in the cluster", (connection) -> {
			for (String node : nodes) {
				byte[] entry = connection.hashCommands().hGet(bytes(nodeKey(node)), bytes(webSocketId));
				if (entry != null) {
					return Map.entry(node, entry);
				}
			}
			return null;
		});
		return (found != null) ? socket(webSocketId, found.getKey(), string(found.getValue())) : null;
	}

	/**
	 * The shared sockets of the other live nodes that match a filter.
	 * @throws WebSocketClusterException when a node registered its sockets in another
	 * wire format
	 */
	List<SharedSocket> findAll(Predicate<SharedSocket> filter) {
		List<String> nodes = otherNodes();
		Map<String, Map<byte[], byte[]>> hashes = new LinkedHashMap<>();
		this.link.call("look up WebSockets in the cluster", (connection) -> {
			for (String node : nodes) {
				Map<byte[], byte[]> fields = connection.hashCommands().hGetAll(bytes(nodeKey(node)));
				if (fields != null) {
					hashes.put(node, fields);
				}
			}
			return null;
		});
		List<SharedSocket> found = new ArrayList<>();
		hashes.forEach((node, fields) -> fields.forEach((id, entry) -> {
			String webSocketId = string(id);
			if (!NODE_FIELD.equals(webSocketId)) {
				SharedSocket socket = socket(webSocketId, node, string(entry));
				if (filter.test(socket)) {
					found.add(socket);
				}
			}
		}));
		return found;
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

	static String entry(SharedSocket socket) {
		return String.join(String.valueOf(SEPARATOR), socket.application(), socket.serverClass(), socket.serverType(),
				Objects.toString(socket.sessionId(), ""), Objects.toString(socket.subprotocol(), ""),
				String.valueOf(ClusterCodec.FORMAT));
	}

	/**
	 * A socket as another node registered it.
	 * @throws WebSocketClusterException when the entry is of another version, or garbled
	 */
	SharedSocket socket(String webSocketId, String node, String entry) {
		String[] fields = entry.split(String.valueOf(SEPARATOR), -1);
		int version = (fields.length == 5) ? ClusterCodec.UNVERSIONED : version(fields);
		if (version != ClusterCodec.FORMAT) {
			FrameRefusal reason = (version == ClusterRefusals.NO_VERSION) ? FrameRefusal.MALFORMED
					: FrameRefusal.VERSION;
			String message = "WebSocket " + WebSocketIds.shown(webSocketId) + " is registered by node " + node + " in "
					+ ((reason == FrameRefusal.MALFORMED) ? "an entry this node cannot read"
							: ClusterCodec.format(version))
					+ ", and this node speaks " + ClusterCodec.format(ClusterCodec.FORMAT) + "; "
					+ ClusterCodec.UPGRADE;
			this.refusals.refused(reason, version,
					() -> "Refused the registry entries of node " + node + ": " + message);
			throw new WebSocketClusterException(message);
		}
		return new SharedSocket(webSocketId, node, fields[0], fields[1], fields[2], emptyAsNull(fields[3]),
				emptyAsNull(fields[4]));
	}

	/** The version of an entry: sixth in every version. */
	private static int version(String[] fields) {
		try {
			return (fields.length > 5) ? Integer.parseInt(fields[5]) : ClusterRefusals.NO_VERSION;
		}
		catch (NumberFormatException ex) {
			return ClusterRefusals.NO_VERSION;
		}
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

}
