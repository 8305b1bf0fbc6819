package dev.cspwebsocket.engine;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waiting for a condition in tests of the engine: polled often, as the engine's threads
 * get there in microseconds, and given up after ten seconds.
 *
 * @author csp-websocket-spring-boot
 */
final class Eventually {

	/** How long a condition may take before the test fails. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private Eventually() {
	}

	static ConditionFactory await() {
		return Awaitility.await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
	}

}
