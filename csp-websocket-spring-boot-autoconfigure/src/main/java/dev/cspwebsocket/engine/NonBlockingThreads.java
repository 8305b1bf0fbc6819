package dev.cspwebsocket.engine;

import reactor.core.scheduler.Schedulers;

import org.springframework.util.ClassUtils;

/**
 * Refuses a call that would block a thread that must not block: a Reactor event loop or
 * parallel thread, where a wait holds up every other request and socket of the loop
 * without a word in the log. Such a call fails at once instead, saying what to do.
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class NonBlockingThreads {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.scheduler.Schedulers",
			NonBlockingThreads.class.getClassLoader());

	private NonBlockingThreads() {
	}

	/**
	 * Fail when the calling thread must not block.
	 * @param operation what would block, as the message names it
	 * @throws IllegalStateException on a non-blocking thread
	 */
	static void assertMayBlock(String operation) {
		if (REACTOR_PRESENT && Reactor.isInNonBlockingThread()) {
			throw new IllegalStateException(operation + " would block " + Thread.currentThread().getName()
					+ ", a thread that must not block (a Reactor event loop or parallel thread): call it from a "
					+ "thread that may, such as Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())");
		}
	}

	/** Apart, so that the class loads without Reactor. */
	private static final class Reactor {

		static boolean isInNonBlockingThread() {
			return Schedulers.isInNonBlockingThread();
		}

	}

}
