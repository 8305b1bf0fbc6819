package dev.cspwebsocket.autoconfigure.health;

import dev.cspwebsocket.actuate.health.CspWebSocketsHealthIndicator;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.autoconfigure.endpoint.CspWebSocketsEndpointAutoConfiguration;
import dev.cspwebsocket.autoconfigure.metrics.CspWebSocketMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configuration of the health contributors.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketsHealthContributorAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CspWebSocketAutoConfiguration.class, CspWebSocketsEndpointAutoConfiguration.class,
					CspWebSocketsHealthContributorAutoConfiguration.class, CspWebSocketMetricsAutoConfiguration.class));

	@Test
	void theHealthContributorIsNamedCspwebsocketsAndCanBeTurnedOff() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(CspWebSocketsHealthIndicator.class)
			.hasBean("cspwebsocketsHealthIndicator"));
		this.contextRunner.withPropertyValues("management.health.cspwebsockets.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CspWebSocketsHealthIndicator.class));
	}

}
