package dev.cspwebsocket.actuate.health;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.CspWebSocketsStats;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the sockets of this node: UP while it takes handshakes, with the open sockets
 * and how busy the shared pool is; OUT_OF_SERVICE once it has stopped taking handshakes.
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public class CspWebSocketsHealthIndicator implements HealthIndicator {

	private final CspWebSockets sockets;

	/**
	 * Create the indicator.
	 * @param sockets the registry of open sockets
	 */
	public CspWebSocketsHealthIndicator(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public Health health() {
		CspWebSocketsStats stats = this.sockets.stats();
		Health.Builder health = stats.acceptingHandshakes() ? Health.up() : Health.outOfService();
		int poolSize = stats.sharedPoolSize();
		int active = stats.sharedPoolActiveThreads();
		return health.withDetail("node", this.sockets.nodeId())
			.withDetail("openSockets", stats.openSockets())
			.withDetail("dedicatedThreads", stats.dedicatedThreads())
			.withDetail("sharedPool",
					new SharedPool(poolSize, active, stats.sharedPoolQueuedTasks(), (double) active / poolSize))
			.build();
	}

	/**
	 * How busy the shared pool is.
	 *
	 * @param size its threads
	 * @param active the threads running callbacks now
	 * @param queued the callbacks waiting for a thread
	 * @param saturation {@code active / size}, from 0 to 1
	 */
	public record SharedPool(int size, int active, int queued, double saturation) {
	}

}
