package dev.cspwebsocket.engine;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
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

	private volatile @Nullable ThreadPoolExecutor sharedPool;

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

	/** Start the shared pool. */
	void start() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.sharedPoolSize, this.sharedPoolSize, 0,
				TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemonThreads("csp-ws-shared-"));
		// Started here, so that no pool thread inherits the thread-locals (a security
		// context) of whatever thread first gave it work.
		pool.prestartAllCoreThreads();
		this.sharedPool = pool;
	}

	/** Let the shared pool finish what it has, and take no more. */
	void shutDown() {
		ThreadPoolExecutor pool = this.sharedPool;
		if (pool != null) {
			pool.shutdown();
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

	/** The tasks of one shared socket's server, on the shared pool. */
	SerialExecutor sharedTasks(Runnable first) {
		return new SerialExecutor(Objects.requireNonNull(this.sharedPool, "The shared pool has not started"), first);
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

	static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

}
