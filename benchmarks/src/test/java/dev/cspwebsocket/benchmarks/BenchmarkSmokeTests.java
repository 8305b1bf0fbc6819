package dev.cspwebsocket.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cspwebsocket.benchmarks.driver.LoadDriverAccess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick suite, as a smoke check that every scenario runs and ends, the broadcast's
 * raw baseline among them, and that the tables give their ratios to the raw rows: no
 * speed is asserted, shared machines are too noisy for that.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(classes = BenchmarkServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BenchmarkSmokeTests {

	@LocalServerPort
	int port;

	@Test
	void theQuickSuiteRunsEveryScenarioAgainstEveryServer() throws Exception {
		List<String> rows = new ArrayList<>();
		LoadDriverAccess.quickSuite(this.port, rows::add);
		// Echo: messages/s, p99 and CPU per echo as ratios to the raw row before them.
		assertThat(rows).filteredOn((row) -> row.matches("\\| (raw|dedicated|shared) \\| 10 \\| .*"))
			.hasSize(6)
			.allSatisfy(
					(row) -> assertThat(columns(row, 4, 7, 10)).allMatch((ratio) -> ratio.matches("\\d+\\.\\d\\d")));
		assertThat(rows).filteredOn((row) -> row.startsWith("| raw | 10 |"))
			.hasSize(2)
			.allSatisfy((row) -> assertThat(columns(row, 4, 7, 10)).containsOnly("1.00"));
		// Scale: handshakes/s, CPU per handshake and heap per socket as ratios to raw's.
		assertThat(rows).filteredOn((row) -> row.matches("\\| (raw|dedicated|shared) \\| 100 \\| .*"))
			.hasSize(3)
			.allSatisfy((row) -> assertThat(row).endsWith("| yes |"))
			.allSatisfy((row) -> assertThat(columns(row, 3, 5, 7)).allMatch((ratio) -> ratio.matches("\\d+\\.\\d\\d")));
		// Broadcast: the raw baseline and the CSP targets alternated, every message sent
		// and received, all sent and last receipt as ratios to the raw row before them.
		assertThat(rows).filteredOn((row) -> row.startsWith("| 50 |"))
			.allSatisfy((row) -> assertThat(row).doesNotContain("not all"))
			.allSatisfy((row) -> assertThat(columns(row, 4, 6)).allMatch((ratio) -> ratio.matches("\\d+\\.\\d\\d")))
			.extracting((row) -> columns(row, 1).get(0))
			.containsExactly("raw", "shared", "raw", "shared");
		assertThat(rows).filteredOn((row) -> row.startsWith("| 50 | raw |"))
			.allSatisfy((row) -> assertThat(columns(row, 4, 6)).containsOnly("1.00"));
		// The soak's samples, the last once every socket has closed.
		assertThat(rows).filteredOn((row) -> row.matches("\\| \\d+ \\| \\d+ \\| [\\d.]+ MB \\| \\d+ \\| \\d+ \\|"))
			.hasSizeGreaterThanOrEqualTo(2)
			.last()
			.satisfies((row) -> assertThat(row).endsWith("| 0 |"));
	}

	/** The given columns of a table row, counted from 0. */
	private static List<String> columns(String row, int... indexes) {
		String[] columns = row.substring(1).split("\\|");
		return Arrays.stream(indexes).mapToObj((index) -> columns[index].trim()).toList();
	}

}
