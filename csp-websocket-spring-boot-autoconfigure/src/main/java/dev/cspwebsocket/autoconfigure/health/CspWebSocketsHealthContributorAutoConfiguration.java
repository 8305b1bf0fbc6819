package dev.cspwebsocket.autoconfigure.health;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.actuate.health.CspWebSocketsClusterHealthIndicator;
import dev.cspwebsocket.actuate.health.CspWebSocketsHealthIndicator;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.autoconfigure.cluster.CspWebSocketClusterAutoConfiguration;
import dev.cspwebsocket.cluster.ClusterLink;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for the {@code cspwebsockets} health contributor.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfiguration(after = { CspWebSocketAutoConfiguration.class, CspWebSocketClusterAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(CspWebSockets.class)
public final class CspWebSocketsHealthContributorAutoConfiguration {

	// Nested: its condition's class is looked at only once health support is known
	// present.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("cspwebsockets")
	static class HealthIndicatorConfiguration {

		// The bean name makes the contributor's name: cspwebsockets.
		@Bean("cspwebsocketsHealthIndicator")
		@ConditionalOnMissingBean(name = "cspwebsocketsHealthIndicator")
		CspWebSocketsHealthIndicator cspWebSocketsHealthIndicator(CspWebSockets sockets) {
			return new CspWebSocketsHealthIndicator(sockets);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
	@ConditionalOnEnabledHealthIndicator("cspwebsocketscluster")
	static class ClusterHealthIndicatorConfiguration {

		// The contributor's name: cspwebsocketsCluster.
		@Bean("cspwebsocketsClusterHealthIndicator")
		@ConditionalOnBean(ClusterLink.class)
		@ConditionalOnMissingBean(name = "cspwebsocketsClusterHealthIndicator")
		CspWebSocketsClusterHealthIndicator cspWebSocketsClusterHealthIndicator(ClusterLink cluster) {
			return new CspWebSocketsClusterHealthIndicator(cluster);
		}

	}

}
