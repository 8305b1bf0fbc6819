package dev.cspwebsocket.actuate.health;

import dev.cspwebsocket.CspWebSockets;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports the sockets of this node: UP while the registry runs, with the open sockets and
 * how busy the shared pool is; OUT_OF_SERVICE once it has stopped taking handshakes.
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
		Health.Builder health = this.sockets.isRunning() ? Health.up() : Health.outOfService();
		int poolSize = this.sockets.sharedPoolSize();
		int active = this.sockets.sharedPoolActiveThreads();
		return health.withDetail("node", this.sockets.nodeId())
			.withDetail("openSockets", this.sockets.openSockets())
			.withDetail("dedicatedThreads", this.sockets.dedicatedThreads())
			.withDetail("sharedPool",
					new SharedPool(poolSize, active, this.sockets.sharedPoolQueuedTasks(), (double) active / poolSize))
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
