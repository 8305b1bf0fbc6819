package dev.cspwebsocket.engine;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.cluster.LocalNode;
import dev.cspwebsocket.cluster.SharedSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a cluster runs on this node for the other nodes, over this node's open sockets.
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class LocalNodeOperations implements LocalNode {

	static final Comparator<WebSocketInfo> OLDEST_FIRST = Comparator.comparing(WebSocketInfo::openedAt)
		.thenComparing(WebSocketInfo::webSocketId);

	private static final Log logger = LogFactory.getLog(LocalNodeOperations.class);

	private final SocketLifecycle lifecycle;

	LocalNodeOperations(SocketLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	/** The open shared sockets among some. */
	static Stream<Connection> shared(Stream<Connection> connections) {
		return connections.filter((connection) -> connection.isSharedConnection() && connection.isOpen());
	}

	@Override
	public String nodeId() {
		return this.lifecycle.nodeId();
	}

	@Override
	public List<SharedSocket> sharedSockets() {
		return shared(open().values().stream()).map(this.lifecycle::sharedSocket).toList();
	}

	@Override
	public Optional<WebSocketServer> openLocalServer(String webSocketId) {
		Connection connection = open().get(webSocketId);
		return (connection != null && connection.isSharedConnection() && connection.isOpen()) ? Optional.of(connection)
				: Optional.empty();
	}

	@Override
	public List<WebSocketInfo> describe() {
		String node = nodeId();
		return open().values().stream().map((connection) -> connection.info(node)).sorted(OLDEST_FIRST).toList();
	}

	@Override
	public boolean endLocalServer(String webSocketId, String reason) {
		Connection connection = open().get(webSocketId);
		return connection != null && connection.close(new CloseStatus(CloseStatus.POLICY_VIOLATION, reason),
				CloseReason.ADMINISTRATOR, false);
	}

	@Override
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

	@Override
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

	private Map<String, Connection> open() {
		return this.lifecycle.open();
	}

}
