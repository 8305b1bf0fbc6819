package dev.cspwebsocket.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.cspwebsocket.ConnectionLimits;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.SocketLimits;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties' defaults are the engine's, and the configuration metadata that IDEs and
 * the docs read states each of them.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketPropertiesTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CspWebSocketAutoConfiguration.class));

	/**
	 * Properties with no default: collections, and the node id that is random unless set.
	 */
	private static final List<String> WITHOUT_DEFAULT = List.of("csp.websocket.applications",
			"csp.websocket.allowed-origins", "csp.websocket.allowed-origin-patterns", "csp.websocket.cluster.node-id",
			"management.endpoint.cspwebsockets.roles");

	@Test
	void theDefaultsAreTheEnginesDefaults() {
		CspWebSocketProperties properties = new CspWebSocketProperties();
		assertThat(properties.toLimits()).isEqualTo(SocketLimits.DEFAULTS);
		assertThat(properties.toHeartbeat()).isEqualTo(Heartbeat.DEFAULTS);
		assertThat(properties.getLimits().toConnectionLimits()).isEqualTo(ConnectionLimits.DEFAULTS);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			csp.websocket.shared.pool-size=0          | csp.websocket.shared.pool-size          | must be at least 1
			csp.websocket.ping-interval=-1s           | csp.websocket.ping-interval             | must not be negative
			csp.websocket.send-time-limit=0           | csp.websocket.send-time-limit           | must be at least 1ms
			csp.websocket.message-buffer-size=0       | csp.websocket.message-buffer-size       | must be at least 16B
			csp.websocket.limits.per-session=-5       | csp.websocket.limits.per-session        | or -1 for no limit
			csp.websocket.shared.max-queued-bytes=0KB | csp.websocket.shared.max-queued-bytes   | must be at least 1B
			""")
	void aValueOutOfRangeStopsStartUpNamingThePropertyAndItsRange(String setting, String property, String reason) {
		this.contextRunner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			BindException failure = findCause(context.getStartupFailure(), BindException.class);
			assertThat(failure).as("the binding failure").isNotNull();
			assertThat(failure.getProperty()).isNotNull();
			assertThat(failure.getProperty().getName()).hasToString(property);
			assertThat(failure).rootCause().hasMessageContaining(reason);
		});
	}

	@Test
	void valuesInRangeBind() {
		this.contextRunner
			.withPropertyValues("csp.websocket.ping-interval=0", "csp.websocket.limits.per-session=-1",
					"csp.websocket.shared.pool-size=1", "csp.websocket.message-buffer-size=16B")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static <T extends Throwable> @Nullable T findCause(@Nullable Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	@Test
	void theMetadataStatesTheDefaultOfEveryPropertyThatHasOne() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		List<Map<String, Object>> properties = JsonPath.read(metadata, "$.properties[*]");
		assertThat(properties).filteredOn((property) -> !WITHOUT_DEFAULT.contains(property.get("name")))
			.hasSizeGreaterThan(25)
			.allSatisfy((property) -> assertThat(property).as("%s", property.get("name")).containsKey("defaultValue"))
			.allSatisfy((property) -> assertThat(property).as("%s", property.get("name")).containsKey("description"));
	}

	@Test
	void theMetadataNamesTheHealthContributorsSwitches() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		List<String> names = JsonPath.read(metadata, "$.properties[*].name");
		assertThat(names).contains("management.health.cspwebsockets.enabled",
				"management.health.cspwebsocketscluster.enabled");
	}

	private static String read(String resource) throws IOException {
		try (InputStream in = CspWebSocketPropertiesTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
