package dev.cspwebsocket.actuate.health;

import dev.cspwebsocket.cluster.ClusterLink;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports this node's link to the cluster: UP while its store answers the heartbeats,
 * with how many other nodes are live; DOWN, with the reason, while the store is
 * unreachable. This node's own sockets keep working either way. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public class CspWebSocketsClusterHealthIndicator implements HealthIndicator {

	private final ClusterLink cluster;

	/**
	 * Create the indicator.
	 * @param cluster this node's link to the cluster
	 */
	public CspWebSocketsClusterHealthIndicator(ClusterLink cluster) {
		this.cluster = cluster;
	}

	@Override
	public Health health() {
		// One read: the link may go down or come back between two, leaving DOWN without
		// an error.
		String error = this.cluster.linkError();
		Health.Builder health = (error != null) ? Health.down().withDetail("error", error) : Health.up();
		return health.withDetail("node", this.cluster.nodeId())
			.withDetail("otherNodes", this.cluster.otherNodes())
			.build();
	}

}
