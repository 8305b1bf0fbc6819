package dev.cspwebsocket.cluster.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.cluster.LocalNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Does what another node asks of this node's sockets, and answers. Runs on the listener
 * container's threads: a read waits there for its timeout, a write for room in the send
 * buffer, as they would on the asking node. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ClusterRequestHandler {

	private static final Log logger = LogFactory.getLog(ClusterRequestHandler.class);

	private final LocalNode localNode;

	private final BiPredicate<String, ClusterReply> answer;

	private final Duration requestTimeout;

	/** Pieces read for other nodes, by asker and request id, until they confirm them. */
	private final Map<String, CompletableFuture<Boolean>> unconfirmed = new ConcurrentHashMap<>();

	/**
	 * @param answer sends an answer to a node; returns whether it got there
	 * @param requestTimeout how long a node has to confirm a piece read for it
	 */
	ClusterRequestHandler(LocalNode localNode, BiPredicate<String, ClusterReply> answer, Duration requestTimeout) {
		this.localNode = localNode;
		this.answer = answer;
		this.requestTimeout = requestTimeout;
	}

	/** Do what a request asks and answer it. */
	void handle(ClusterRequest request) {
		long id = request.id();
		try {
			switch (request.operation()) {
				case READ -> read(request);
				case READ_TAKEN -> {
					CompletableFuture<Boolean> taken = this.unconfirmed.get(key(request.replyTo(), id));
					if (taken != null) {
						taken.complete(true);
					}
				}
				case DESCRIBE -> answer(request, new ClusterReply.Described(id, this.localNode.describe()));
				case END_BY_ADMINISTRATOR -> answer(request, new ClusterReply.Done(id,
						this.localNode.endLocalServer(request.webSocketId(), request.text())));
				default -> answer(request, onSocket(request));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not do what node " + request.replyTo() + " asked (" + request.operation() + ")", ex);
			answer(request, new ClusterReply.Failed(id, String.valueOf(ex.getMessage())));
		}
	}

	private boolean answer(ClusterRequest request, ClusterReply reply) {
		return this.answer.test(request.replyTo(), reply);
	}

	private void read(ClusterRequest request) {
		boolean found = this.localNode.readFor(request.webSocketId(), request.text(), request.maxLength(),
				Duration.ofMillis(request.timeoutMillis()), (result) -> handOver(request, result));
		if (!found) {
			answer(request, new ClusterReply.NotFound(request.id()));
		}
	}

	/** Send what was read; a piece counts as handed over once the asker confirms it. */
	private boolean handOver(ClusterRequest request, ReadResult result) {
		if (!(result instanceof ReadResult.Message)) {
			return answer(request, new ClusterReply.Read(request.id(), result));
		}
		String key = key(request.replyTo(), request.id());
		CompletableFuture<Boolean> taken = new CompletableFuture<>();
		this.unconfirmed.put(key, taken);
		try {
			return answer(request, new ClusterReply.Read(request.id(), result))
					&& taken.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.debug("Node " + request.replyTo() + " did not confirm a piece read for it; it goes back");
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.unconfirmed.remove(key);
		}
	}

	private static String key(String node, long requestId) {
		return node + "/" + requestId;
	}

	private ClusterReply onSocket(ClusterRequest request) {
		long id = request.id();
		Optional<WebSocketServer> found = this.localNode.openLocalServer(request.webSocketId());
		if (found.isEmpty()) {
			return (request.operation() == ClusterRequest.Operation.IS_OPEN) ? new ClusterReply.Done(id, false)
					: new ClusterReply.NotFound(id);
		}
		WebSocketServer socket = found.get();
		try {
			switch (request.operation()) {
				case WRITE_TEXT -> socket.write(request.text());
				case WRITE_BINARY -> socket.write(request.data());
				case END_SERVER -> socket.endServer();
				default -> {
					return new ClusterReply.Done(id, socket.isOpen());
				}
			}
			return new ClusterReply.Done(id, true);
		}
		catch (WebSocketClosedException ex) {
			return new ClusterReply.Closed(id, ex.code(), String.valueOf(ex.getMessage()));
		}
	}

}
