package dev.cspwebsocket.autoconfigure.endpoint;

import dev.cspwebsocket.actuate.endpoint.CspWebSocketsEndpoint;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.autoconfigure.health.CspWebSocketsHealthContributorAutoConfiguration;
import dev.cspwebsocket.autoconfigure.metrics.CspWebSocketMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configuration of the {@code cspwebsockets} endpoint.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketsEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CspWebSocketAutoConfiguration.class, CspWebSocketsEndpointAutoConfiguration.class,
					CspWebSocketsHealthContributorAutoConfiguration.class, CspWebSocketMetricsAutoConfiguration.class));

	@Test
	void theEndpointIsAbsentUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CspWebSocketsEndpoint.class));
	}

	@Test
	void theEndpointIsThereWhenExposedAndMasksByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=cspwebsockets")
			.run((context) -> {
				assertThat(context).hasSingleBean(CspWebSocketsEndpoint.class);
				assertThat(context.getBean(CspWebSocketsEndpointProperties.class).getShowValues())
					.isEqualTo(Show.NEVER);
			});
	}

	@Test
	void showValuesAndRolesBind() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=cspwebsockets",
					"management.endpoint.cspwebsockets.show-values=when-authorized",
					"management.endpoint.cspwebsockets.roles=ADMIN")
			.run((context) -> {
				CspWebSocketsEndpointProperties properties = context.getBean(CspWebSocketsEndpointProperties.class);
				assertThat(properties.getShowValues()).isEqualTo(Show.WHEN_AUTHORIZED);
				assertThat(properties.getRoles()).containsExactly("ADMIN");
			});
	}

}
