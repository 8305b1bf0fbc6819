package dev.cspwebsocket.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketServer;
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

	private final CspWebSockets sockets;

	ClusterRequestHandler(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	/**
	 * Do what a request asks and answer it.
	 * @param answer sends the answer; returns whether it reached the asking node
	 */
	void handle(ClusterRequest request, Predicate<ClusterReply> answer) {
		long id = request.id();
		try {
			switch (request.operation()) {
				case READ -> read(request, answer);
				case DESCRIBE -> answer.test(new ClusterReply.Described(id, this.sockets.describe()));
				case END_BY_ADMINISTRATOR -> answer.test(
						new ClusterReply.Done(id, this.sockets.endLocalServer(request.webSocketId(), request.text())));
				default -> answer.test(onSocket(request));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not do what node " + request.replyTo() + " asked (" + request.operation() + ")", ex);
			answer.test(new ClusterReply.Failed(id, String.valueOf(ex.getMessage())));
		}
	}

	private void read(ClusterRequest request, Predicate<ClusterReply> answer) {
		boolean found = this.sockets.readFor(request.webSocketId(), request.text(), request.maxLength(),
				Duration.ofMillis(request.timeoutMillis()),
				(result) -> answer.test(new ClusterReply.Read(request.id(), result)));
		if (!found) {
			answer.test(new ClusterReply.NotFound(request.id()));
		}
	}

	private ClusterReply onSocket(ClusterRequest request) {
		long id = request.id();
		Optional<WebSocketServer> found = this.sockets.openLocalServer(request.webSocketId());
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
