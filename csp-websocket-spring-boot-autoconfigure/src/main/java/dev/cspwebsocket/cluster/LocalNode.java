package dev.cspwebsocket.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;

/**
 * What a cluster's transport runs on this node for the other nodes: this node's sockets
 * only, never another node's. The engine hands it to the cluster; applications use
 * {@link CspWebSockets}. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface LocalNode {

	/**
	 * The id of this node in the cluster.
	 * @return the id
	 */
	String nodeId();

	/**
	 * The open shared sockets of this node, as a cluster registers them.
	 * @return a snapshot
	 */
	List<SharedSocket> sharedSockets();

	/**
	 * A shared-connection socket of this node, to work on behalf of another node.
	 * @param webSocketId the socket id
	 * @return the socket, or empty when no shared socket with that id is open on this
	 * node
	 */
	Optional<WebSocketServer> openLocalServer(String webSocketId);

	/**
	 * Every open socket of this node, dedicated and shared.
	 * @return a snapshot of each, oldest first
	 */
	List<WebSocketInfo> describe();

	/**
	 * End a socket of this node, as {@link CspWebSockets#endServer(String, String)} does.
	 * @param webSocketId the socket id
	 * @param reason the close reason for the client, at most 123 bytes of UTF-8
	 * @return whether a socket with that id was open on this node
	 */
	boolean endLocalServer(String webSocketId, String reason);

	/**
	 * Read from a shared socket of this node for a reader on another node, and hand the
	 * result over. Once the reader has taken a piece of a message, the rest of it goes to
	 * that reader only; no other reader takes anything while a piece is being handed
	 * over, and a piece that cannot be handed over goes back to the head of the queue, so
	 * that no message is lost or reordered.
	 * @param webSocketId the socket id
	 * @param reader who reads, the same for every read of one thread of the other node
	 * @param maxLength the most characters or bytes to read
	 * @param timeout how long to wait for a message
	 * @param handOver sends the result to the reader; returns whether the reader took it
	 * @return whether a shared socket with that id is open on this node
	 */
	boolean readFor(String webSocketId, String reader, int maxLength, Duration timeout, Predicate<ReadResult> handOver);

	/**
	 * The readers of another node have gone for good, their node having left the cluster.
	 * The messages they were part-way through are dropped, as no other reader could make
	 * them whole, and the sockets are free for other readers.
	 * @param readerPrefix what the names of that node's readers start with
	 * @return how many messages were dropped
	 */
	int readersGone(String readerPrefix);

}
