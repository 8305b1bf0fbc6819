package dev.cspwebsocket.close;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults a server meets in production: clients killed mid-message, exceptions by the
 * hundred from application code, and a shared pool (of two threads here) saturated by
 * callbacks that block.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.shared.pool-size=2")
class FaultIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Autowired
	CspWebSockets sockets;

	private static String tag(String prefix) {
		return prefix + "-" + System.nanoTime();
	}

	/** Half a message, then a TCP reset. */
	private static void killMidMessage(RawWebSocket client) throws IOException {
		client.sendHeader(FIN | TEXT, true, 100);
		client.sendRaw(RawWebSocket.bytes(1, 2, 3, 4, 'h', 'a', 'l', 'f'));
		client.reset();
	}

	@Test
	void aClientKilledMidMessageEndsItsDedicatedServerWith1006() throws IOException {
		String tag = tag("killed-dedicated");
		RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls?tag=" + tag);
		client.sendText("before");
		assertThat(client.nextText()).isEqualTo("before");
		killMidMessage(client);
		ServerEvents.Seen seen = this.events.of(tag);
		await().atMost(WAIT).until(() -> seen.postServer.get() == 1);
		assertThat(seen.closed).isInstanceOfSatisfying(ReadResult.Closed.class,
				(closed) -> assertThat(closed.code()).isEqualTo(1006));
	}

	@Test
	void aClientKilledMidMessageEndsItsSharedSocketWith1006ForItsReaders() throws IOException {
		String tag = tag("killed-shared");
		RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Shared.cls?id&tag=" + tag);
		WebSocketServer server = this.sockets.openServer(client.nextText());
		killMidMessage(client);
		assertThat(server.read(WAIT)).isInstanceOfSatisfying(ReadResult.Closed.class,
				(closed) -> assertThat(closed.code()).isEqualTo(1006));
		await().atMost(WAIT).until(() -> this.events.of(tag).postServer.get() == 1);
	}

	@Test
	void exceptionStormsFromServerAndOnClientMessageCloseOnlyTheirOwnSocketsWith1011() throws Exception {
		List<TestClient> bystanders = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			TestClient bystander = this.server.connect("/csp/user/Test.Echo.cls");
			// Its server's thread runs once it echoes.
			bystander.send("ready");
			assertThat(bystander.nextText()).isEqualTo("ready");
			bystanders.add(bystander);
		}
		int threadsBefore = this.sockets.stats().dedicatedThreads();
		String storm = tag("storm");
		List<String> tags = new ArrayList<>();
		List<CompletableFuture<Integer>> closes = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(32);
		try {
			for (int i = 0; i < 200; i++) {
				// Half dedicated servers whose server() throws, half shared ones whose
				// onClientMessage() does.
				String server = (i % 2 == 0) ? "Test.Echo" : "Test.Consuming";
				String tag = storm + "-" + i;
				tags.add(tag);
				closes.add(CompletableFuture.supplyAsync(() -> {
					try (RawWebSocket client = RawWebSocket.open(this.server.port(),
							"/csp/user/" + server + ".cls?tag=" + tag)) {
						client.sendText("fail");
						return client.awaitClose().code();
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}, clients));
			}
			for (TestClient bystander : bystanders) {
				bystander.send("meanwhile");
				assertThat(bystander.nextText()).isEqualTo("meanwhile");
			}
			assertThat(closes).allSatisfy((close) -> assertThat(close.join()).isEqualTo(1011));
		}
		finally {
			clients.shutdownNow();
		}
		await().atMost(WAIT).until(() -> tags.stream().allMatch((tag) -> this.events.of(tag).postServer.get() == 1));
		await().atMost(WAIT).until(() -> this.sockets.stats().dedicatedThreads() == threadsBefore);
		for (TestClient bystander : bystanders) {
			bystander.send("after");
			assertThat(bystander.nextText()).isEqualTo("after");
			bystander.close(1000, "");
		}
	}

	@Test
	void aSaturatedSharedPoolQueuesCallbacksRefusesNothingAndDoesNotDeadlock() throws IOException {
		String prefix = tag("saturated");
		List<RawWebSocket> clients = new ArrayList<>();
		List<ServerEvents.Seen> seen = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			clients.add(RawWebSocket.open(this.server.port(), "/csp/user/Test.Consuming.cls?tag=" + prefix + "-" + i));
			ServerEvents.Seen each = this.events.of(prefix + "-" + i);
			await().atMost(WAIT)
				.until(() -> each.webSocketId != null
						&& this.sockets.describe(each.webSocketId).map(WebSocketInfo::open).orElse(false));
			seen.add(each);
		}
		// Three callbacks that block, on a pool of two: two run, the third waits; so does
		// the fourth socket's message, behind them.
		for (int i = 0; i < 3; i++) {
			clients.get(i).sendText("block");
		}
		await().atMost(WAIT)
			.until(() -> this.sockets.stats().sharedPoolActiveThreads() == 2
					&& this.sockets.stats().sharedPoolQueuedTasks() >= 1);
		clients.get(3).sendText("after the others");
		// Meanwhile the sockets take writes from other threads, and dedicated sockets
		// echo.
		for (int i = 0; i < 4; i++) {
			this.sockets.openServer(seen.get(i).webSocketId).write("pushed while the pool is full");
			assertThat(clients.get(i).nextText()).isEqualTo("pushed while the pool is full");
		}
		TestClient echo = this.server.connect("/csp/user/Test.Echo.cls");
		echo.send("the pool is not mine");
		assertThat(echo.nextText()).isEqualTo("the pool is not mine");
		echo.close(1000, "");
		assertThat(seen.get(3).clientMessages).isEmpty();
		seen.forEach((each) -> each.gate.countDown());
		await().atMost(WAIT).until(() -> seen.get(3).clientMessages.contains("after the others"));
		for (int i = 0; i < 3; i++) {
			assertThat(seen.get(i).clientMessages).containsExactly("block");
		}
		assertThat(seen).noneMatch((each) -> each.callbacksOverlapped);
		for (RawWebSocket client : clients) {
			client.close();
		}
	}

}
