package dev.cspwebsocket;

/**
 * The statistics of this node's sockets and threads: each method reads the value as it is
 * now. A live view, held for the registry's life (Micrometer's gauges read it). Its
 * methods are thread-safe and do not block.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 * @see CspWebSockets#stats()
 */
public interface CspWebSocketsStats {

	/**
	 * Whether handshakes are taken: from start-up until shutdown begins.
	 * @return whether new sockets are admitted
	 */
	boolean acceptingHandshakes();

	/**
	 * How many sockets are open.
	 * @return the count
	 */
	int openSockets();

	/**
	 * How many of the open sockets are resumable ones away from their client, waiting for
	 * it to resume them.
	 * @return the count
	 */
	int awaySockets();

	/**
	 * How many times a client resumed a resumable socket.
	 * @return the count since start-up
	 */
	long resumes();

	/**
	 * How many resumable sockets ended because their client stayed away past the resume
	 * grace period.
	 * @return the count since start-up
	 */
	long resumeExpiries();

	/**
	 * How many server objects are between their handshake and the end of their
	 * {@code onPostServer()}.
	 * @return the count
	 */
	int runningServers();

	/**
	 * How many client messages wait to be read, over all sockets.
	 * @return the count
	 */
	long inboundQueuedMessages();

	/**
	 * How many bytes wait to be sent, over all sockets.
	 * @return the count
	 */
	long outboundBufferedBytes();

	/**
	 * How many dedicated servers' threads are alive.
	 * @return the count
	 */
	int dedicatedThreads();

	/**
	 * How many threads the shared pool has.
	 * @return the pool size
	 */
	int sharedPoolSize();

	/**
	 * How many shared-pool threads are running callbacks.
	 * @return the count
	 */
	int sharedPoolActiveThreads();

	/**
	 * How many callbacks wait for a shared-pool thread.
	 * @return the count
	 */
	int sharedPoolQueuedTasks();

	/**
	 * How many shared sockets were closed with 1008 because their inbound queue was full.
	 * @return the count since start-up
	 */
	long queueOverflows();

	/**
	 * How many sockets were closed with 1008 because the client took nothing for the
	 * send-time limit.
	 * @return the count since start-up
	 */
	long slowConsumers();

	/**
	 * How many shared sockets were ended with 1001 after the idle timeout.
	 * @return the count since start-up
	 */
	long idleExpiries();

	/**
	 * How many handshakes were answered 503 because a {@link ConnectionLimits connection
	 * limit} was reached.
	 * @return the count since start-up
	 */
	long limitRejections();

}
