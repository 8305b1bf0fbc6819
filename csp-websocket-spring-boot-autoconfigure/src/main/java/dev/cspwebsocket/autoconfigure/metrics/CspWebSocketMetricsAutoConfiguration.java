package dev.cspwebsocket.autoconfigure.metrics;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.actuate.metrics.CspWebSocketMetrics;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.autoconfigure.cluster.CspWebSocketClusterAutoConfiguration;
import dev.cspwebsocket.cluster.ClusterLink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the Micrometer meters of the sockets, and of the cluster when
 * there is one.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfiguration(after = { CspWebSocketAutoConfiguration.class, CspWebSocketClusterAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean({ CspWebSockets.class, MeterRegistry.class })
public final class CspWebSocketMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CspWebSocketMetrics cspWebSocketMetrics(CspWebSockets sockets, ObjectProvider<ClusterLink> cluster) {
		return new CspWebSocketMetrics(sockets, cluster.getIfUnique());
	}

}
