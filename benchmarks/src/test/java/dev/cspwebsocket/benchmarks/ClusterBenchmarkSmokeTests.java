package dev.cspwebsocket.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.benchmarks.driver.LoadDriverAccess;
import dev.cspwebsocket.testapp.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick cluster scenario, as a smoke check: two benchmark servers as one cluster on a
 * real Redis; no speed is asserted.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterBenchmarkSmokeTests {

	@Test
	void crossNodeWritesAllArriveInOrder() throws Exception {
		try (TestRedis redis = TestRedis.start();
				ConfigurableApplicationContext one = node("one", redis);
				ConfigurableApplicationContext two = node("two", redis)) {
			List<String> rows = new ArrayList<>();
			LoadDriverAccess.quickCluster(port(one), port(two), rows::add);
			assertThat(rows).filteredOn((row) -> row.matches("\\| [14] \\| 200 \\| .*"))
				.hasSize(2)
				.allSatisfy((row) -> assertThat(row).endsWith("| yes |"));
		}
	}

	private static ConfigurableApplicationContext node(String id, TestRedis redis) {
		return new SpringApplicationBuilder(BenchmarkServer.class)
			.properties("server.port=0", "csp.websocket.cluster.enabled=true", "csp.websocket.cluster.node-id=" + id,
					"spring.data.redis.port=" + redis.port())
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

}
