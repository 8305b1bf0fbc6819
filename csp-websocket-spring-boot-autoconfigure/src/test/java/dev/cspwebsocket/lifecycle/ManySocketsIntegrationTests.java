package dev.cspwebsocket.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand dedicated sockets at once, each with its own server thread.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
class ManySocketsIntegrationTests {

	private static final int SOCKETS = 1000;

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Autowired
	CspWebSockets sockets;

	@Test
	void aThousandDedicatedSocketsEchoAtOnceEachOnItsOwnThread() {
		List<TestClient> clients = new ArrayList<>();
		// In batches, so that the accept backlog is never the thing being tested.
		for (int batch = 0; batch < SOCKETS; batch += 100) {
			List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
			for (int i = batch; i < batch + 100; i++) {
				connecting.add(this.server.connectAsync("/csp/user/Test.Echo.cls?tag=many-" + i));
			}
			connecting.forEach((future) -> clients.add(future.orTimeout(20, TimeUnit.SECONDS).join()));
		}
		// The client has its 101 a moment before the container reports the socket open.
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().openSockets() >= SOCKETS);
		for (int i = 0; i < SOCKETS; i++) {
			clients.get(i).send("hello " + i);
		}
		for (int i = 0; i < SOCKETS; i++) {
			assertThat(clients.get(i).nextText()).isEqualTo("hello " + i);
		}
		List<Long> threads = new ArrayList<>();
		for (int i = 0; i < SOCKETS; i++) {
			ServerEvents.Seen seen = this.events.of("many-" + i);
			threads.add(seen.threadId);
			assertThat(seen.threadName).startsWith("csp-ws-");
			assertThat(seen.virtualThread).isEqualTo(Runtime.version().feature() >= 21);
		}
		assertThat(threads).doesNotHaveDuplicates();
		clients.forEach((client) -> client.close(1000, ""));
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().openSockets() == 0);
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().runningServers() == 0);
		for (int i = 0; i < SOCKETS; i++) {
			assertThat(this.events.of("many-" + i).postServer).hasValue(1);
		}
	}

}
