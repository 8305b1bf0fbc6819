package dev.cspwebsocket.engine;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Runs one socket's callbacks on the shared pool one at a time, in the order given, so
 * that a server object never sees two of its callbacks at once. Between tasks it gives
 * its pool thread back, so a busy socket cannot starve the others. A thread that may
 * block as long as a callback takes can {@link #claim} the tasks while none is running or
 * waiting, and run its own callback itself. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class SerialExecutor {

	private final Executor pool;

	private final SocketThreadContext context;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

	private boolean scheduled;

	private volatile @Nullable Thread runner;

	/**
	 * Tasks that run {@code first}, once {@link #start()} is called, then every task
	 * given meanwhile or later, in order, each in {@code context}.
	 */
	SerialExecutor(Executor pool, Runnable first, SocketThreadContext context) {
		this.pool = pool;
		this.context = context;
		this.tasks.add(first);
		// Held: execute() queues behind the first task until start() schedules it.
		this.scheduled = true;
	}

	/**
	 * Start running the tasks.
	 * @throws RejectedExecutionException when the pool has shut down; the tasks waiting
	 * are then dropped
	 */
	void start() {
		schedule();
	}

	/**
	 * Run {@code task} after every task given before it.
	 * @throws RejectedExecutionException when the pool has shut down; the tasks waiting
	 * are then dropped
	 */
	void execute(Runnable task) {
		this.lock.lock();
		try {
			this.tasks.add(task);
			if (this.scheduled) {
				return;
			}
			this.scheduled = true;
		}
		finally {
			this.lock.unlock();
		}
		schedule();
	}

	private void schedule() {
		try {
			this.pool.execute(this::runNext);
		}
		catch (RuntimeException ex) {
			// Only after shutdown: the pool's queue is unbounded, and holds at most one
			// task per socket.
			this.lock.lock();
			try {
				this.tasks.clear();
				this.scheduled = false;
			}
			finally {
				this.lock.unlock();
			}
			throw (ex instanceof RejectedExecutionException rejected) ? rejected
					: new RejectedExecutionException(ex.getMessage(), ex);
		}
	}

	/**
	 * Take the tasks for the calling thread when none is running or waiting: the caller
	 * must then run its task with {@link #runClaimed}, and tasks given meanwhile wait for
	 * it.
	 * @return whether the caller has the tasks
	 */
	boolean claim() {
		this.lock.lock();
		try {
			if (this.scheduled) {
				return false;
			}
			this.scheduled = true;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Run a task on the calling thread, which has {@link #claim claimed} the tasks; the
	 * tasks given meanwhile go to the pool after it.
	 */
	void runClaimed(Runnable task) {
		this.runner = Thread.currentThread();
		try {
			this.context.run(task);
		}
		finally {
			this.runner = null;
			if (hasNext()) {
				schedule();
			}
		}
	}

	/** Whether the calling thread is running one of these tasks right now. */
	boolean isRunningHere() {
		return this.runner == Thread.currentThread();
	}

	private void runNext() {
		// Set once for the tasks this thread runs in a row, not once for each.
		try (SocketThreadContext.Scope scope = this.context.open()) {
			runTasks();
		}
	}

	private void runTasks() {
		Runnable task = next();
		while (task != null) {
			this.runner = Thread.currentThread();
			try {
				task.run();
			}
			finally {
				this.runner = null;
			}
			if (!hasNext()) {
				return;
			}
			try {
				this.pool.execute(this::runNext);
				return;
			}
			catch (RuntimeException ex) {
				// The pool is full: carry on here rather than strand the tasks.
				task = next();
			}
		}
	}

	private @Nullable Runnable next() {
		this.lock.lock();
		try {
			Runnable task = this.tasks.poll();
			this.scheduled = task != null;
			return task;
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean hasNext() {
		this.lock.lock();
		try {
			this.scheduled = !this.tasks.isEmpty();
			return this.scheduled;
		}
		finally {
			this.lock.unlock();
		}
	}

}
