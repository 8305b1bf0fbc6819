package dev.cspwebsocket.autoconfigure.metrics;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.actuate.endpoint.CspWebSocketsEndpoint;
import dev.cspwebsocket.actuate.health.CspWebSocketsHealthIndicator;
import dev.cspwebsocket.actuate.metrics.CspWebSocketMetrics;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.autoconfigure.endpoint.CspWebSocketsEndpointAutoConfiguration;
import dev.cspwebsocket.autoconfigure.health.CspWebSocketsHealthContributorAutoConfiguration;
import dev.cspwebsocket.cluster.ClusterLink;
import dev.cspwebsocket.cluster.FrameRefusal;
import dev.cspwebsocket.servlet.CspWebSocketHandlerMapping;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the auto-configuration of the meters, and of the core without Actuator or
 * Micrometer.
 *
 * @author csp-websocket-spring-boot
 */
@Tag("servlet")
class CspWebSocketMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CspWebSocketAutoConfiguration.class, CspWebSocketsEndpointAutoConfiguration.class,
					CspWebSocketsHealthContributorAutoConfiguration.class, CspWebSocketMetricsAutoConfiguration.class));

	@Test
	void theMetersNeedAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CspWebSocketMetrics.class));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(CspWebSocketMetrics.class));
	}

	@Test
	void withAClusterTheRefusedFramesAreCountedByReason() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ClusterLink.class, RefusingLink::new)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(CspWebSocketMetrics.class).bindTo(registry);
				assertThat(registry.get("csp.websocket.cluster.frames.refused")
					.tag("reason", "version")
					.functionCounter()
					.count()).isEqualTo(3);
				assertThat(registry.get("csp.websocket.cluster.frames.refused")
					.tag("reason", "kind")
					.functionCounter()
					.count()).isZero();
				assertThat(registry.get("csp.websocket.cluster.frames.refused").functionCounters()).hasSize(3);
			});
	}

	@Test
	void withoutAClusterThereIsNoClusterMeter() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(CspWebSocketMetrics.class).bindTo(registry);
			assertThat(registry.find("csp.websocket.cluster.frames.refused").meters()).isEmpty();
		});
	}

	@Test
	void theCoreWorksWithoutActuatorAndMicrometer() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.",
					"org.springframework.boot.health.", "io.micrometer."))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CspWebSockets.class)
				.hasSingleBean(CspWebSocketHandlerMapping.class)
				.doesNotHaveBean(CspWebSocketsEndpoint.class)
				.doesNotHaveBean(CspWebSocketsHealthIndicator.class)
				.doesNotHaveBean(CspWebSocketMetrics.class));
	}

	/** A cluster link that has refused three frames of another version. */
	static final class RefusingLink implements ClusterLink {

		@Override
		public String nodeId() {
			return "a";
		}

		@Override
		public boolean isLinkUp() {
			return true;
		}

		@Override
		public @Nullable String linkError() {
			return null;
		}

		@Override
		public int otherNodes() {
			return 1;
		}

		@Override
		public long refusedFrames(FrameRefusal reason) {
			return (reason == FrameRefusal.VERSION) ? 3 : 0;
		}

	}

}
