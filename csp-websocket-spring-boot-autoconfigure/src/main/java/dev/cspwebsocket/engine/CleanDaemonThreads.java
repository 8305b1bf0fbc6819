package dev.cspwebsocket.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads that inherit no inheritable thread-locals from the thread that makes
 * them: a pool thread made on a request's thread must not carry that request's context (a
 * security context, a trace) into every socket it serves later. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CleanDaemonThreads implements ThreadFactory {

	private final String prefix;

	private final AtomicInteger count = new AtomicInteger();

	CleanDaemonThreads(String prefix) {
		this.prefix = prefix;
	}

	@Override
	public Thread newThread(Runnable task) {
		Thread thread = new Thread(null, task, this.prefix + this.count.incrementAndGet(), 0, false);
		thread.setDaemon(true);
		thread.setPriority(Thread.NORM_PRIORITY);
		return thread;
	}

}
