package dev.cspwebsocket.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.benchmarks.driver.LoadDriverAccess;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean configuration as a smoke check: the server's Tomcat takes the small socket
 * buffers, and every socket of the quick scale scenario still echoes. (The JVM-wide
 * WebSocket buffer size, a system property, is {@code run.sh}'s to set.)
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(classes = BenchmarkServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "bench.socket-buffer-size=512B", "csp.websocket.message-buffer-size=512B" })
class LeanBenchmarkSmokeTests {

	@LocalServerPort
	int port;

	@Autowired
	WebServerApplicationContext context;

	@Test
	void theLeanServerHasSmallSocketBuffersAndEverySocketStillEchoes() throws Exception {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("512");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("512");
		List<String> rows = new ArrayList<>();
		LoadDriverAccess.quickLean(this.port, rows::add);
		assertThat(rows).filteredOn((row) -> row.matches("\\| (raw|dedicated|shared) \\| 100 \\| .*"))
			.hasSize(3)
			.allSatisfy((row) -> assertThat(row).endsWith("| yes |"));
	}

}
