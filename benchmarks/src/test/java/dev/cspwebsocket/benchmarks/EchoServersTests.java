package dev.cspwebsocket.benchmarks;

import java.net.URI;
import java.util.Random;

import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo servers that benchmarks and conformance runs (the Autobahn TestSuite's
 * fuzzingclient) are pointed at, raw and CSP: text comes back as text and binary as
 * binary, and the CSP echoes send back whole what they read in pieces.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(classes = BenchmarkServer.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class EchoServersTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/raw/echo", "/csp/bench/Bench.DedicatedEcho.cls", "/csp/bench/Bench.SharedEcho.cls" })
	void echoesTextAsTextAndBinaryAsBinary(String path) {
		TestClient client = connect(path);
		byte[] small = { 1, 2, 3 };
		client.send("text");
		client.send(small);
		assertThat(client.nextMessage()).isEqualTo("text");
		assertThat(client.nextMessage()).isEqualTo(small);
		client.close(1000, "");
	}

	/** The raw handlers keep their containers' message limits (8 KB on Tomcat). */
	@ParameterizedTest
	@ValueSource(strings = { "/csp/bench/Bench.DedicatedEcho.cls", "/csp/bench/Bench.SharedEcho.cls" })
	void theCspEchoesSendMessagesLongerThanOneReadBackWhole(String path) {
		TestClient client = connect(path);
		// Twice the read length of 32,656: a dedicated server reads it in pieces.
		byte[] large = new byte[65_536];
		new Random(29).nextBytes(large);
		client.send(large);
		client.send("é".repeat(40_000));
		assertThat(client.nextMessage()).isEqualTo(large);
		assertThat(client.nextMessage()).isEqualTo("é".repeat(40_000));
		client.close(1000, "");
	}

	private TestClient connect(String path) {
		return TestClient.connect(URI.create("ws://localhost:" + this.port + path));
	}

}
