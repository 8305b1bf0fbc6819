package dev.cspwebsocket.lifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown with 5,000 sockets open, half dedicated and half shared: every client gets its
 * 1001, every {@code onPostServer()} runs once, within the shutdown phase's timeout.
 *
 * @author csp-websocket-spring-boot
 */
class ShutdownUnderLoadIntegrationTests {

	private static final int SOCKETS = 5000;

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	@Test
	void shutdownWithFiveThousandSocketsClosesEveryOneWith1001AndEndsEveryServerOnce() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "csp.websocket.session.create=false",
					"spring.lifecycle.timeout-per-shutdown-phase=" + SHUTDOWN_TIMEOUT.toSeconds() + "s",
					"spring.main.banner-mode=off")
			.run();
		int port = context.getBean(TestServer.class).port();
		ServerEvents events = context.getBean(ServerEvents.class);
		CspWebSockets sockets = context.getBean(CspWebSockets.class);
		List<String> tags = new ArrayList<>();
		List<CompletableFuture<RawWebSocket>> opening = new ArrayList<>();
		ExecutorService opener = Executors.newFixedThreadPool(32);
		try {
			for (int i = 0; i < SOCKETS; i++) {
				String server = (i % 2 == 0) ? "Test.Echo" : "Test.Shared";
				String tag = "shutdown-" + i;
				tags.add(tag);
				opening.add(CompletableFuture.supplyAsync(() -> {
					try {
						return RawWebSocket.open(port, "/csp/user/" + server + ".cls?tag=" + tag);
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}, opener));
			}
		}
		finally {
			opener.shutdown();
		}
		List<RawWebSocket> clients = opening.stream().map(CompletableFuture::join).toList();
		await().atMost(TestClient.DEADLINE).until(() -> sockets.stats().openSockets() == SOCKETS);

		long start = System.nanoTime();
		context.close();
		Duration shutdown = Duration.ofNanos(System.nanoTime() - start);

		assertThat(shutdown).isLessThan(SHUTDOWN_TIMEOUT);
		for (RawWebSocket client : clients) {
			assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1001, "Server shutting down"));
			client.close();
		}
		assertThat(tags).allSatisfy((tag) -> assertThat(events.of(tag).postServer).hasValue(1));
	}

}
