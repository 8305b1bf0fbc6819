package dev.cspwebsocket.limits;

import java.io.IOException;
import java.net.Socket;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pings find clients that have gone without closing, and leave live ones alone.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.ping-interval=200ms", "csp.websocket.pong-timeout=400ms" })
class HeartbeatIntegrationTests {

	private static final ReadResult PONG_TIMEOUT = new ReadResult.Closed(1001,
			"Pong timeout: no answer to a ping within 400 ms");

	/** Ping interval and pong timeout, and room for a busy machine. */
	private static final long DETECTION_BOUND_MILLIS = 200 + 400 + 2000;

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Test
	void aHalfOpenClientOfADedicatedServerIsFoundWithinThePingIntervalAndPongTimeout() throws IOException {
		long start = System.nanoTime();
		try (Socket halfOpen = RawHttp.stalledClient(this.server.port(),
				"/csp/user/Test.Echo.cls?tag=half&timeout=60000")) {
			ServerEvents.Seen seen = this.events.of("half");
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(seen.closed).as("the blocked read()'s answer").isEqualTo(PONG_TIMEOUT);
			assertThat(millis).isLessThan(DETECTION_BOUND_MILLIS);
		}
	}

	@Test
	void aHalfOpenClientOfASharedSocketIsFoundToo() throws IOException {
		try (Socket halfOpen = RawHttp.stalledClient(this.server.port(), "/csp/user/Test.Shared.cls?tag=half-shared")) {
			ServerEvents.Seen seen = this.events.of("half-shared");
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	@Test
	void aClientThatAnswersPingsStaysOpen() {
		TestClient client = this.server.connect("/csp/user/Test.Echo.cls?tag=alive&timeout=60000");
		// Five pings answered: more than twice the pong timeout.
		await().atMost(TestClient.DEADLINE).until(() -> client.pings() >= 5);
		assertThat(client.isClosed()).isFalse();
		client.send("still here");
		assertThat(client.nextText()).isEqualTo("still here");
		assertThat(this.events.of("alive").closed).isNull();
		client.close(1000, "");
	}

}
