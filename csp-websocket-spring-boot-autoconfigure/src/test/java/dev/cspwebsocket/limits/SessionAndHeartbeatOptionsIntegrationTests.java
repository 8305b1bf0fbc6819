package dev.cspwebsocket.limits;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.TestSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session and heartbeat defaults turned off: no session made for a handshake, no
 * keep-alive from traffic, no pings.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.session.create=false", "csp.websocket.session.keep-alive=false",
		"csp.websocket.session.check-interval=200ms", "csp.websocket.ping-interval=0",
		"csp.websocket.pong-timeout=100ms" })
class SessionAndHeartbeatOptionsIntegrationTests {

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Test
	void aHandshakeWithoutASessionGetsNoneWhenCreationIsOff() throws IOException {
		RawHttp.Response response = RawHttp.handshake(this.server.port(), "/csp/user/Test.Echo.cls?tag=sessionless",
				"Origin: http://localhost:PORT");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Set-Cookie")).isNull();
		ServerEvents.Seen seen = this.events.of("sessionless");
		assertThat(seen.webSocketId).isNotNull();
		assertThat(seen.sessionId).isNull();
	}

	@Test
	void trafficDoesNotKeepTheSessionAliveWhenKeepAliveIsOff() {
		TestSession session = TestSession.start(this.server.port());
		session.setTimeoutSeconds(1);
		TestClient client = this.server.connect("/csp/user/Test.Echo.cls?tag=unkept&timeout=60000", session.header());
		await().atMost(TestClient.DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!client.isClosed()) {
				client.send("beat");
			}
			return client.isClosed();
		});
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
	}

	@Test
	void aSilentClientIsNotClosedWhenPingsAreOff() throws IOException {
		// With pings every 200 ms and this pong timeout, it would be gone in under a
		// second.
		try (Socket silent = RawHttp.stalledClient(this.server.port(),
				"/csp/user/Test.Echo.cls?tag=unpinged&timeout=60000")) {
			ServerEvents.Seen seen = this.events.of("unpinged");
			await().during(Duration.ofSeconds(2))
				.atMost(TestClient.DEADLINE)
				.until(() -> seen.webSocketId != null && seen.closed == null && seen.postServer.get() == 0);
		}
	}

}
