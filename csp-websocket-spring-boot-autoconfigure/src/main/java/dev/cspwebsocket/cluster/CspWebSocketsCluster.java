package dev.cspwebsocket.cluster;

import java.util.List;
import java.util.function.Predicate;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * The other nodes of a cluster, as {@link CspWebSockets} reaches them: it registers this
 * node's shared sockets with the cluster, and looks up the other nodes' sockets when the
 * local ones do not answer. The starter provides one on Redis
 * ({@code csp.websocket.cluster.enabled}).
 * <p>
 * Implementations must be thread-safe, and must not block the callers of
 * {@link #sharedSocketOpened} and {@link #sharedSocketClosed}, which are on the
 * container's threads.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface CspWebSocketsCluster {

	/**
	 * A shared socket of this node has opened: make it reachable from the other nodes.
	 * @param socket the socket
	 */
	void sharedSocketOpened(SharedSocket socket);

	/**
	 * A shared socket of this node has closed.
	 * @param socket the socket
	 */
	void sharedSocketClosed(SharedSocket socket);

	/**
	 * Find a shared socket on another node.
	 * @param webSocketId the socket id
	 * @return a handle that works the socket on its node, or {@code null} when no other
	 * node holds an open socket with that id
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	@Nullable WebSocketServer openServer(String webSocketId);

	/**
	 * The shared sockets of the other nodes that match a filter.
	 * @param filter which sockets
	 * @return handles that work the sockets on their nodes
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	List<WebSocketServer> openServers(Predicate<SharedSocket> filter);

	/**
	 * Every open socket of the other nodes, dedicated and shared.
	 * @return a snapshot of each, from each node that answered in time
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	List<WebSocketInfo> describe();

	/**
	 * End a socket of another node as an administrator, as
	 * {@link CspWebSockets#endServer(String, String)} does.
	 * @param webSocketId the socket id
	 * @param reason the close reason
	 * @return whether a socket with that id was open on another node
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	boolean endServer(String webSocketId, String reason);

}
