package dev.cspwebsocket.cluster.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.time.Duration;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.cluster.SharedSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.FileCopyUtils;

/**
 * A shared socket of another node, worked from this one: each operation is a request to
 * the node that holds the socket, and returns when that node has done it.
 * <p>
 * A write returns once the owning node has accepted the message for sending, and throws
 * {@link WebSocketClosedException} when the socket has closed, or
 * {@link WebSocketClusterException} when the node cannot be reached within the request
 * timeout. A read waits for its timeout plus the request timeout. The streamed writes
 * read their source to its end on this node first, and send it as one message.
 * <p>
 * Thread-safe, as every {@link WebSocketServer}: the messages of one thread arrive in the
 * order it wrote them, and each client message goes to exactly one reader across the
 * cluster.
 *
 * @author csp-websocket-spring-boot
 */
final class RemoteWebSocketServer implements WebSocketServer {

	/** The close code of a socket that its node no longer has: no close frame seen. */
	private static final int GONE = 1006;

	private final SharedSocket socket;

	private final RedisCspWebSocketsCluster cluster;

	RemoteWebSocketServer(SharedSocket socket, RedisCspWebSocketsCluster cluster) {
		this.socket = socket;
		this.cluster = cluster;
	}

	@Override
	public ReadResult read(Duration timeout) {
		return read(DEFAULT_READ_LENGTH, timeout);
	}

	@Override
	public ReadResult read(int maxLength, Duration timeout) {
		Assert.isTrue(maxLength > 0, () -> "maxLength must be at least 1, was " + maxLength);
		Assert.isTrue(!timeout.isNegative(), "timeout must not be negative");
		// The same reader for every read of this thread: a message it has begun stays
		// its own.
		String reader = this.cluster.nodeId() + "/" + Thread.currentThread().getId();
		long millis = saturatedMillis(timeout);
		long requestMillis = this.cluster.requestTimeout().toMillis();
		// The node may take the read's timeout, then the request timeout to answer.
		Duration wait = Duration
			.ofMillis((millis > Long.MAX_VALUE - requestMillis) ? Long.MAX_VALUE : millis + requestMillis);
		ClusterReply reply = request(
				ClusterRequest.of(ClusterRequest.Operation.READ).withText(reader).withRead(maxLength, millis), wait);
		if (reply instanceof ClusterReply.Read result) {
			return result.result();
		}
		return new ReadResult.Closed(GONE, "WebSocket is no longer open on node " + this.socket.node());
	}

	@Override
	public void write(String text) {
		done(request(ClusterRequest.of(ClusterRequest.Operation.WRITE_TEXT).withText(text)));
	}

	@Override
	public void write(byte[] data) {
		done(request(ClusterRequest.of(ClusterRequest.Operation.WRITE_BINARY).withData(data)));
	}

	@Override
	public void write(Reader text) throws IOException {
		write(FileCopyUtils.copyToString(text));
	}

	@Override
	public void write(InputStream data) throws IOException {
		write(data.readAllBytes());
	}

	@Override
	public void endServer() {
		request(ClusterRequest.of(ClusterRequest.Operation.END_SERVER));
	}

	@Override
	public boolean isOpen() {
		ClusterReply reply = request(ClusterRequest.of(ClusterRequest.Operation.IS_OPEN));
		return reply instanceof ClusterReply.Done done && done.answer();
	}

	private ClusterReply request(ClusterRequest request) {
		return request(request, this.cluster.requestTimeout());
	}

	private ClusterReply request(ClusterRequest request, Duration wait) {
		ClusterReply reply = this.cluster.request(this.socket, request, wait);
		if (reply instanceof ClusterReply.Failed failed) {
			throw new WebSocketClusterException("Node " + this.socket.node() + " failed to "
					+ request.operation().name().toLowerCase().replace('_', ' ') + " on WebSocket " + shownId() + ": "
					+ failed.message());
		}
		return reply;
	}

	private void done(ClusterReply reply) {
		if (reply instanceof ClusterReply.Closed closed) {
			throw new WebSocketClosedException(webSocketId(), closed.reason(), closed.code(), null);
		}
		if (reply instanceof ClusterReply.NotFound) {
			throw new WebSocketClosedException(webSocketId(), "WebSocket " + shownId() + " is no longer open on node "
					+ this.socket.node() + ": the message was not sent", GONE, null);
		}
	}

	private static long saturatedMillis(Duration duration) {
		try {
			return duration.toMillis();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private String shownId() {
		return WebSocketIds.shown(this.socket.webSocketId());
	}

	@Override
	public String webSocketId() {
		return this.socket.webSocketId();
	}

	@Override
	public @Nullable String sessionId() {
		return this.socket.sessionId();
	}

	@Override
	public @Nullable String subprotocol() {
		return this.socket.subprotocol();
	}

	@Override
	public String application() {
		return this.socket.application();
	}

	@Override
	public String serverClass() {
		return this.socket.serverClass();
	}

	@Override
	public boolean isSharedConnection() {
		return true;
	}

	@Override
	public String toString() {
		return "WebSocket " + shownId() + " of " + this.socket.serverClass() + " on node " + this.socket.node();
	}

}
