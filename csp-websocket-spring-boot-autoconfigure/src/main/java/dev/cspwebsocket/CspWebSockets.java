package dev.cspwebsocket;

import java.util.List;
import java.util.Optional;

/**
 * The open sockets of this application: the way in to shared-connection sockets from any
 * thread ({@link #openServer(String)} and the lookups for broadcasting), their status and
 * their statistics. The starter provides the one bean of this type; inject it.
 * <p>
 * On shutdown the sockets stop taking handshakes, close with 1001 and wait, within the
 * lifecycle's shutdown timeout, for every server object admitted to finish its
 * {@code server()} and {@code onPostServer()}. Each socket is tied to the HTTP session of
 * its handshake: when the session ends, its sockets are closed with 1008; traffic on them
 * keeps it alive.
 * <p>
 * Implementations are thread-safe. The lookups return a snapshot: a socket in it may
 * close at any time after, and writing to it then throws
 * {@link WebSocketClosedException}.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface CspWebSockets {

	/**
	 * The lifecycle phase in which the sockets stop: before the web server's graceful
	 * shutdown ({@code Integer.MAX_VALUE - 1024}), so that clients still get the close
	 * frames.
	 */
	int PHASE = Integer.MAX_VALUE - 512;

	/**
	 * The id of this node.
	 * @return the id
	 */
	String nodeId();

	/**
	 * Tell a listener what happens to the sockets from now on.
	 * @param listener the listener
	 */
	void addListener(CspWebSocketsListener listener);

	/**
	 * Stop telling a listener.
	 * @param listener the listener
	 */
	void removeListener(CspWebSocketsListener listener);

	/**
	 * Reopen a shared-connection socket by its id (IRIS {@code OpenServer}), to read from
	 * it, write to it or end it from this thread. In a cluster, a socket of another node
	 * is returned as a handle that works it there.
	 * @param webSocketId the id, as {@link CspWebSocket#webSocketId()} gave it
	 * @return the socket
	 * @throws WebSocketNotFoundException when no socket with that id is open: the id is
	 * unknown or its socket has ended
	 * @throws CspWebSocketException when the socket is a dedicated one, which belongs to
	 * its {@code server()} thread
	 * @throws WebSocketClusterException when the socket is not on this node and the other
	 * nodes cannot be asked
	 */
	WebSocketServer openServer(String webSocketId);

	/**
	 * The open shared sockets of a CSP server class, to broadcast to; on every node of a
	 * cluster.
	 * @param serverClass the CSP class name, for example {@code MyApp.ChatServer}
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	List<WebSocketServer> openServersOfClass(String serverClass);

	/**
	 * The open shared sockets whose server is of a Java type, to broadcast to; on every
	 * node of a cluster.
	 * @param type the server class, or a superclass of several
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	List<WebSocketServer> openServersOfClass(Class<? extends CspWebSocket> type);

	/**
	 * The open shared sockets of a CSP application, to broadcast to; on every node of a
	 * cluster.
	 * @param application the application name, {@code user} in {@code /csp/user/...}
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	List<WebSocketServer> openServersOfApplication(String application);

	/**
	 * The open shared sockets opened from an HTTP session, to broadcast to; on every node
	 * of a cluster.
	 * @param sessionId the HTTP session id
	 * @return a snapshot of the sockets, this node's first
	 * @throws WebSocketClusterException when the other nodes of a cluster cannot be
	 * asked; its {@code localServers()} has this node's sockets
	 */
	List<WebSocketServer> openServersOfSession(String sessionId);

	/**
	 * An HTTP session has ended: close every socket tied to it with 1008, whose servers
	 * then run {@code onPostServer()}. The starter calls this when the servlet
	 * container's sessions end or change their id, and on Spring Session's
	 * {@code SessionDestroyedEvent}; call it for a session store that reports its ends
	 * another way.
	 * @param sessionId the id of the session
	 * @return how many sockets were closed
	 */
	int sessionEnded(String sessionId);

	/**
	 * Every open socket of this node, dedicated and shared, as it is now.
	 * @return a snapshot of each, oldest first
	 */
	List<WebSocketInfo> describe();

	/**
	 * Every open socket of every node of the cluster, dedicated and shared, as it is now;
	 * the same as {@link #describe()} on a single node.
	 * @return a snapshot of each, oldest first
	 * @throws WebSocketClusterException when the other nodes cannot be asked
	 */
	List<WebSocketInfo> describeCluster();

	/**
	 * One open socket of this node, dedicated or shared, as it is now.
	 * @param webSocketId the socket id
	 * @return a snapshot, or empty when no socket with that id is open
	 */
	Optional<WebSocketInfo> describe(String webSocketId);

	/**
	 * End any open socket, dedicated or shared, as an administrator: it is closed with
	 * 1008 and the reason, and its server runs {@code onPostServer()}. In a cluster, a
	 * socket of another node is ended there.
	 * @param webSocketId the socket id
	 * @param reason the close reason for the client, at most 123 bytes of UTF-8
	 * @return whether a socket with that id was open
	 * @throws WebSocketClusterException when the socket is not on this node and the other
	 * nodes cannot be asked
	 */
	boolean endServer(String webSocketId, String reason);

	/**
	 * The statistics of this node's sockets and threads, as metrics and health report
	 * them.
	 * @return a live view, the same object on every call
	 */
	CspWebSocketsStats stats();

}
