package dev.cspwebsocket.cluster.redis;

import java.time.Duration;

/**
 * Counts calls that have started and not ended, whether their callers still wait for them
 * or not, and waits for none to be left. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class InFlight {

	private int count;

	synchronized void started() {
		this.count++;
	}

	synchronized void ended() {
		if (--this.count == 0) {
			notifyAll();
		}
	}

	synchronized boolean isIdle() {
		return this.count == 0;
	}

	/**
	 * Wait until no call is left, at most {@code timeout}.
	 * @return whether none is left
	 */
	synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long left;
		while (this.count > 0 && (left = deadline - System.nanoTime()) > 0) {
			wait(Math.max(1, left / 1_000_000));
		}
		return this.count == 0;
	}

}
