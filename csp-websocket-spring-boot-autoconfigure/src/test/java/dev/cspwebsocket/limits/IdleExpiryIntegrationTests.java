package dev.cspwebsocket.limits;

import java.time.Duration;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared sockets end after the idle timeout without traffic; dedicated ones, whose
 * {@code server()} decides, do not.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.shared.idle-timeout=1500ms", "csp.websocket.ping-interval=200ms" })
class IdleExpiryIntegrationTests extends ServerIntegrationTests {

	@Test
	void aSharedSocketWithoutTrafficIsEndedWith1001AndASayingReason() {
		long expiriesBefore = this.sockets.stats().idleExpiries();
		TestClient dedicated = this.server.connect("/csp/user/Test.Echo.cls?timeout=60000");
		TestClient shared = this.server.connect("/csp/user/Test.Shared.cls?tag=idle");
		assertThat(shared.awaitClose()).isEqualTo(new TestClient.Close(1001, "Idle timeout: no traffic for 1500 ms"));
		ServerEvents.Seen seen = this.events.of("idle");
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		assertThat(this.sockets.stats().idleExpiries()).isEqualTo(expiriesBefore + 1);
		assertThat(dedicated.isClosed()).isFalse();
		dedicated.send("still here");
		assertThat(dedicated.nextText()).isEqualTo("still here");
		dedicated.close(1000, "");
	}

	@Test
	void trafficEitherWayKeepsASharedSocketOpen() {
		TestClient shared = this.servers.connect("Test.Shared", "busy");
		WebSocketServer server = this.servers.open("busy");
		long start = System.nanoTime();
		// Traffic every few hundred milliseconds, for twice the idle timeout.
		for (int round = 0; System.nanoTime() - start < 3_000_000_000L; round++) {
			if (round % 2 == 0) {
				server.write("out " + round);
				assertThat(shared.nextText()).isEqualTo("out " + round);
			}
			else {
				shared.send("in " + round);
				assertThat(server.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("in " + round, true));
			}
			assertThat(server.read(Duration.ofMillis(300))).isInstanceOf(ReadResult.Timeout.class);
		}
		assertThat(shared.isClosed()).isFalse();
		assertThat(server.isOpen()).isTrue();
		shared.close(1000, "");
	}

	@Test
	void answeredPingsDoNotKeepAnIdleSharedSocketOpen() {
		TestClient shared = this.server.connect("/csp/user/Test.Shared.cls?tag=pinged");
		assertThat(shared.awaitClose()).isEqualTo(new TestClient.Close(1001, "Idle timeout: no traffic for 1500 ms"));
		assertThat(shared.pings()).isGreaterThanOrEqualTo(3);
	}

}
