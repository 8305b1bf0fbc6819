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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties' defaults are the engine's, and the configuration metadata that IDEs and
 * the docs read states each of them.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketPropertiesTests {

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
