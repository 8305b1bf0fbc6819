package dev.cspwebsocket.engine;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cspwebsocket.engine.Eventually.await;

/**
 * Threads that tests of the engine start to write or read, each with its result and a way
 * to wait until it waits. Close it after the test: the threads still running are
 * interrupted.
 *
 * @author csp-websocket-spring-boot
 */
final class TestThreads implements AutoCloseable {

	private final AtomicInteger count = new AtomicInteger();

	private final List<Started> started = new CopyOnWriteArrayList<>();

	/** Run {@code body} on a new thread. */
	<T> Started start(Callable<T> body) {
		FutureTask<Object> result = new FutureTask<>(body::call);
		Thread thread = new Thread(result, "test-thread-" + this.count.incrementAndGet());
		thread.setDaemon(true);
		Started started = new Started(thread, result);
		this.started.add(started);
		thread.start();
		return started;
	}

	@Override
	public void close() throws InterruptedException {
		for (Started started : this.started) {
			started.thread().interrupt();
		}
		for (Started started : this.started) {
			started.thread().join(10_000);
		}
	}

	/** A thread started, and its result. */
	record Started(Thread thread, FutureTask<Object> result) {

		/**
		 * Wait until the thread waits in {@code state}: {@code WAITING} for a condition
		 * without a deadline, {@code TIMED_WAITING} for one with a deadline.
		 */
		void awaitState(Thread.State state) {
			await().until(() -> this.result.isDone() || this.thread.getState() == state);
		}

		/** Whether the thread has ended, normally or not. */
		boolean isDone() {
			return this.result.isDone();
		}

	}

}
