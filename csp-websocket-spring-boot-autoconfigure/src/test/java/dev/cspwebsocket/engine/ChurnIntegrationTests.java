package dev.cspwebsocket.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.WebServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 20,000 connect, message and close cycles, dedicated and shared, from sixteen clients at
 * once, each with an HTTP session of its own: afterwards the registry, the session ties,
 * the read timer and the threads are back where they started.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
class ChurnIntegrationTests {

	private static final int CLIENTS = 16;

	private static final int CYCLES = 20_000;

	@Autowired
	TestServer server;

	@Autowired
	CspWebSocketsEngine sockets;

	@Test
	void twentyThousandCyclesOfBothModesLeaveNothingBehind() throws Exception {
		Map<String, Integer> entriesBefore = this.sockets.entries();
		int dedicatedThreadsBefore = this.sockets.stats().dedicatedThreads();
		long ownThreadsBefore = ownPlatformThreads(false);
		long sharedThreadsBefore = ownPlatformThreads(true);
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		try {
			for (int c = 0; c < CLIENTS; c++) {
				runs.add(CompletableFuture.runAsync(() -> {
					try {
						String cookie = "Cookie: " + WebServer.SESSION_COOKIE + "=" + session();
						for (int i = 0; i < CYCLES / CLIENTS; i++) {
							if (i % 2 == 0) {
								dedicatedCycle(cookie, i);
							}
							else {
								sharedCycle(cookie, i);
							}
						}
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}, clients));
			}
			runs.forEach(CompletableFuture::join);
		}
		finally {
			clients.shutdownNow();
		}
		await().atMost(TestClient.DEADLINE).untilAsserted(() -> {
			assertThat(this.sockets.entries()).isEqualTo(entriesBefore);
			assertThat(this.sockets.stats().runningServers()).isZero();
			assertThat(this.sockets.stats().dedicatedThreads()).isEqualTo(dedicatedThreadsBefore);
			assertThat(this.sockets.stats().sharedPoolActiveThreads()).isZero();
			assertThat(this.sockets.stats().sharedPoolQueuedTasks()).isZero();
			assertThat(ownPlatformThreads(false)).isEqualTo(ownThreadsBefore);
			// Started as shared sockets need them, and kept: never more than the pool's
			// size.
			assertThat(ownPlatformThreads(true))
				.isLessThanOrEqualTo(sharedThreadsBefore + this.sockets.stats().sharedPoolSize());
		});
		// The read timer forgets ended sockets once they are collected, not when their
		// reads' 30 s timeouts would have come: it does not keep them alive.
		await().atMost(TestClient.DEADLINE).until(() -> {
			System.gc();
			return this.sockets.readTimer().size() == 0;
		});
	}

	/** A dedicated echo: a message there and back, then a clean close. */
	private void dedicatedCycle(String cookie, int i) throws IOException {
		RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls", cookie);
		client.sendText("ping " + i);
		assertThat(client.nextText()).isEqualTo("ping " + i);
		assertThat(client.closeNormally().code()).isEqualTo(1000);
	}

	/**
	 * A shared socket: its server writes its id, another thread reads the client's
	 * message through the registry, then a clean close.
	 */
	private void sharedCycle(String cookie, int i) throws IOException {
		RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Shared.cls?id", cookie);
		WebSocketServer server = this.sockets.openServer(client.nextText());
		client.sendText("hello " + i);
		assertThat(server.read(Duration.ofSeconds(10))).isEqualTo(new ReadResult.Text("hello " + i, true));
		assertThat(client.closeNormally().code()).isEqualTo(1000);
	}

	private String session() throws IOException {
		String cookie = RawHttp
			.send(this.server.port(), "GET /session HTTP/1.1", "Host: localhost:PORT", "Connection: close")
			.header("Set-Cookie");
		return cookie.substring(WebServer.SESSION_COOKIE.length() + 1, cookie.indexOf(';'));
	}

	/** The starter's platform threads: the shared pool and the sweeper. */
	/** The starter's platform threads: the shared pools', or all the others. */
	private static long ownPlatformThreads(boolean sharedPool) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("csp-ws-")
					&& thread.getName().startsWith("csp-ws-shared-") == sharedPool)
			.count();
	}

}
