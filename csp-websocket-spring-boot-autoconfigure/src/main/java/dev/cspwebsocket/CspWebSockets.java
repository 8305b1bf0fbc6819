package dev.cspwebsocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.socket.CloseStatus;

/**
 * The open sockets of this application, and the threads their dedicated servers run on.
 * On shutdown it stops taking handshakes, closes every socket with 1001 and waits, within
 * the lifecycle's shutdown timeout, for every server object admitted to finish its
 * {@code server()} and {@code onPostServer()}. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSockets implements SmartLifecycle {

	/**
	 * Stops before the web server's graceful shutdown ({@code Integer.MAX_VALUE - 1024}),
	 * so that clients still get the close frames.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 512;

	static final CloseStatus SHUTDOWN = new CloseStatus(CloseStatus.GOING_AWAY.getCode(), "Server shutting down");

	private static final Log logger = LogFactory.getLog(CspWebSockets.class);

	private final Map<String, Connection> open = new ConcurrentHashMap<>();

	private final SimpleAsyncTaskExecutor dedicatedThreads;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition serversEnded = this.lock.newCondition();

	private int runningServers;

	private volatile boolean running;

	/**
	 * Create the registry.
	 * @param virtualThreads whether dedicated servers run on virtual threads; ignored
	 * (platform threads) before Java 21
	 */
	public CspWebSockets(boolean virtualThreads) {
		this.dedicatedThreads = new SimpleAsyncTaskExecutor("csp-ws-");
		this.dedicatedThreads.setVirtualThreads(virtualThreads && Runtime.version().feature() >= 21);
		// A server() that ignores its closed socket must not keep the JVM alive.
		this.dedicatedThreads.setDaemon(true);
	}

	/**
	 * How many sockets are open.
	 * @return the count
	 */
	public int openSockets() {
		return this.open.size();
	}

	/**
	 * How many server objects are between their handshake and the end of their
	 * {@code onPostServer()}.
	 * @return the count
	 */
	public int runningServers() {
		this.lock.lock();
		try {
			return this.runningServers;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Admit a handshake: from here until {@link #abandon}, shutdown waits for its server
	 * object.
	 * @return {@code false} once shutdown has begun
	 */
	boolean admit() {
		this.lock.lock();
		try {
			if (!this.running) {
				return false;
			}
			this.runningServers++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The socket is open: register it and give its server a thread of its own. */
	void serve(CspWebSocket server, Connection connection) {
		this.open.put(connection.id(), connection);
		if (!this.running) {
			connection.close(SHUTDOWN);
		}
		try {
			this.dedicatedThreads.execute(() -> run(server, connection));
		}
		catch (RuntimeException | Error ex) {
			logger.error("No thread for the server of " + connection.route() + " on WebSocket " + connection.shownId()
					+ "; closing it with 1011", ex);
			connection.close(CloseStatus.SERVER_ERROR.withReason("No thread for the server"));
			end(server, connection);
		}
	}

	private void run(CspWebSocket server, Connection connection) {
		try {
			server.server();
		}
		catch (Throwable ex) {
			logger.error("server() of " + connection.route() + " failed on WebSocket " + connection.shownId()
					+ "; closing it with 1011", ex);
			connection.close(CloseStatus.SERVER_ERROR.withReason("Internal server error"));
		}
		finally {
			end(server, connection);
		}
	}

	private void end(CspWebSocket server, Connection connection) {
		connection.close(CloseStatus.NORMAL);
		abandon(server, connection.route());
	}

	/**
	 * An admitted server object is done: run its {@code onPostServer()} when given, and
	 * stop waiting for it.
	 */
	void abandon(@Nullable CspWebSocket server, Route route) {
		try {
			if (server != null) {
				server.onPostServer();
			}
		}
		catch (Throwable ex) {
			logger.error("onPostServer() of " + route + " failed", ex);
		}
		finally {
			this.lock.lock();
			try {
				if (--this.runningServers == 0) {
					this.serversEnded.signalAll();
				}
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	void closed(Connection connection) {
		this.open.remove(connection.id());
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		closeAll();
		awaitServers();
	}

	@Override
	public void stop(Runnable callback) {
		closeAll();
		// The lifecycle processor bounds the wait with its shutdown timeout.
		Thread waiter = new Thread(() -> {
			awaitServers();
			callback.run();
		}, "csp-ws-shutdown");
		waiter.setDaemon(true);
		waiter.start();
	}

	private void closeAll() {
		this.lock.lock();
		try {
			// Under the lock: no handshake is admitted after this.
			this.running = false;
		}
		finally {
			this.lock.unlock();
		}
		this.open.values().forEach((connection) -> connection.close(SHUTDOWN));
	}

	private void awaitServers() {
		this.lock.lock();
		try {
			while (this.runningServers > 0) {
				this.serversEnded.await();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
