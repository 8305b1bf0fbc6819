package dev.cspwebsocket.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * The threads servers run on: a thread of its own for each dedicated {@code server()}
 * ({@code csp-ws-N}), the bounded shared pool for the callbacks of shared sockets
 * ({@code csp-ws-shared-N}), and the threads that send queued messages
 * ({@code csp-ws-send-N}); virtual threads where asked for, on Java 21+. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ServerThreads {

	private final SimpleAsyncTaskExecutor dedicated;

	private final SimpleAsyncTaskExecutor senders;

	private final int sharedPoolSize;

	private final AtomicInteger dedicatedAlive = new AtomicInteger();

	private final Object sharedPoolLock = new Object();

	private volatile @Nullable ThreadPoolExecutor sharedPool;

	private volatile boolean shutDown;

	ServerThreads(boolean virtualThreads, int sharedPoolSize) {
		Assert.isTrue(sharedPoolSize > 0, "sharedPoolSize must be positive");
		this.dedicated = threads("csp-ws-", virtualThreads);
		this.senders = threads("csp-ws-send-", virtualThreads);
		this.sharedPoolSize = sharedPoolSize;
	}

	private static SimpleAsyncTaskExecutor threads(String prefix, boolean virtualThreads) {
		SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(prefix);
		threads.setVirtualThreads(virtualThreads && Runtime.version().feature() >= 21);
		// A server() that ignores its closed socket must not keep the JVM alive.
		threads.setDaemon(true);
		return threads;
	}

	/**
	 * Take work again, after {@link #shutDown()}; the shared pool is made when needed.
	 */
	void start() {
		synchronized (this.sharedPoolLock) {
			this.shutDown = false;
			this.sharedPool = null;
		}
	}

	/** Let the shared pool finish what it has, and take no more. */
	void shutDown() {
		synchronized (this.sharedPoolLock) {
			this.shutDown = true;
			ThreadPoolExecutor pool = this.sharedPool;
			if (pool != null) {
				pool.shutdown();
			}
		}
	}

	/**
	 * Run a dedicated server's work on a thread of its own, counted while it runs.
	 * @throws RuntimeException when no thread can be had
	 */
	void runDedicated(Runnable server) {
		this.dedicated.execute(() -> {
			this.dedicatedAlive.incrementAndGet();
			try {
				server.run();
			}
			finally {
				this.dedicatedAlive.decrementAndGet();
			}
		});
	}

	/** Run application code off the caller's thread, on a dedicated thread. */
	void runApart(Runnable task) {
		this.dedicated.execute(task);
	}

	/**
	 * The tasks of one shared socket's server, on the shared pool.
	 * @throws RejectedExecutionException once the threads have shut down
	 */
	SerialExecutor sharedTasks(Runnable first, SocketThreadContext context) {
		return new SerialExecutor(sharedPool(), first, context);
	}

	/**
	 * The shared pool, made when a shared socket first needs it: an application with
	 * dedicated servers only has none of its threads. A pool thread starts when a task
	 * first needs it.
	 */
	private ThreadPoolExecutor sharedPool() {
		ThreadPoolExecutor pool = this.sharedPool;
		if (pool != null) {
			return pool;
		}
		synchronized (this.sharedPoolLock) {
			if (this.shutDown) {
				throw new RejectedExecutionException("The WebSocket server threads have shut down");
			}
			pool = this.sharedPool;
			if (pool == null) {
				pool = new ThreadPoolExecutor(this.sharedPoolSize, this.sharedPoolSize, 0, TimeUnit.MILLISECONDS,
						new LinkedBlockingQueue<>(), new CleanDaemonThreads("csp-ws-shared-"));
				this.sharedPool = pool;
			}
			return pool;
		}
	}

	/** The threads that send queued messages and close frames. */
	Executor senders() {
		return this.senders;
	}

	int dedicatedAlive() {
		return this.dedicatedAlive.get();
	}

	int sharedPoolSize() {
		return this.sharedPoolSize;
	}

	int sharedPoolActive() {
		ThreadPoolExecutor pool = this.sharedPool;
		return (pool != null) ? pool.getActiveCount() : 0;
	}

	int sharedPoolQueued() {
		ThreadPoolExecutor pool = this.sharedPool;
		return (pool != null) ? pool.getQueue().size() : 0;
	}

	int sharedPoolStarted() {
		ThreadPoolExecutor pool = this.sharedPool;
		return (pool != null) ? pool.getPoolSize() : 0;
	}

	static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
