package dev.cspwebsocket.limits;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The limits that keep one misbehaving client from costing the others: the inbound queue
 * of a shared socket, and the send buffer and send-time limit of any socket.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { SharedLimitsIntegrationTests.MAX_QUEUED_MESSAGES,
		SharedLimitsIntegrationTests.SEND_TIME_LIMIT, SharedLimitsIntegrationTests.SEND_BUFFER_SIZE })
public class SharedLimitsIntegrationTests extends ServerIntegrationTests {

	// Shared with HostileCloseIntegrationTests, so that both run in one cached
	// application: each
	// application more costs the test JVM Reactor Netty's two-second quiet period at
	// exit.

	public static final String MAX_QUEUED_MESSAGES = "csp.websocket.shared.max-queued-messages=20";

	public static final String SEND_TIME_LIMIT = "csp.websocket.send-time-limit=1s";

	public static final String SEND_BUFFER_SIZE = "csp.websocket.send-buffer-size=64KB";

	@Test
	void aFullInboundQueueClosesTheSocketWith1008AfterTheMessagesBeforeIt() {
		TestClient client = this.servers.connect("Test.Shared", "overflow");
		WebSocketServer server = this.servers.open("overflow");
		long overflowsBefore = this.sockets.stats().queueOverflows();
		for (int i = 0; i <= 20; i++) {
			client.send("unread " + i);
		}
		assertThat(client.awaitClose())
			.isEqualTo(new TestClient.Close(1008, "Inbound queue full: more than 20 messages or 1048576 bytes unread"));
		assertThat(this.sockets.stats().queueOverflows()).isEqualTo(overflowsBefore + 1);
		// Nothing is dropped silently: what arrived before the close can still be read.
		for (int i = 0; i <= 20; i++) {
			assertThat(server.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("unread " + i, true));
		}
		assertThat(server.read(TestClient.DEADLINE)).isInstanceOf(ReadResult.Closed.class);
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("overflow").postServer.get() == 1);
	}

	@Test
	void aClientThatNeverReadsIsClosedAsASlowConsumerWhileAHundredOthersKeepEchoing() throws Exception {
		List<TestClient> others = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			others.add(this.server.connect("/csp/user/Test.Echo.cls"));
		}
		long slowBefore = this.sockets.stats().slowConsumers();
		try (Socket stalled = RawHttp.stalledClient(this.server.port(), "/csp/user/Test.Shared.cls?tag=stalled")) {
			WebSocketServer server = this.servers.open("stalled");
			CompletableFuture<WebSocketClosedException> writing = CompletableFuture.supplyAsync(() -> {
				String chunk = "x".repeat(64 * 1024);
				try {
					while (true) {
						server.write(chunk);
					}
				}
				catch (WebSocketClosedException ex) {
					return ex;
				}
			});
			// While the writer is held up, every other socket keeps working.
			while (!writing.isDone()) {
				echoOnAll(others, "meanwhile");
			}
			WebSocketClosedException closed = writing.orTimeout(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS)
				.join();
			assertThat(closed.code()).isEqualTo(1008);
			assertThat(closed).hasMessageContaining("Slow consumer: the client took nothing for 1000 ms");
			assertThat(this.sockets.stats().slowConsumers()).isEqualTo(slowBefore + 1);
			assertThat(server.isOpen()).isFalse();
			await().atMost(TestClient.DEADLINE).until(() -> this.events.of("stalled").postServer.get() == 1);
			assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> server.write("more"));
		}
		echoOnAll(others, "after");
		others.forEach((client) -> client.close(1000, ""));
	}

	@Test
	void aDedicatedServerWritingToItsOwnStalledClientIsStoppedAfterTheSendTimeLimitAsASlowConsumer() throws Exception {
		long slowBefore = this.sockets.stats().slowConsumers();
		// The server sends its own messages itself while nothing is queued: the limit
		// holds for that way out too.
		try (Socket stalled = RawHttp.stalledClient(this.server.port(),
				"/csp/user/Test.Echo.cls?tag=own-flood&flood")) {
			ServerEvents.Seen seen = this.events.of("own-flood");
			await().atMost(TestClient.DEADLINE).until(() -> seen.floodEnded != null);
			assertThat(seen.floodEnded.code()).isEqualTo(1008);
			assertThat(seen.floodEnded).hasMessageContaining("Slow consumer: the client took nothing for 1000 ms");
			assertThat(this.sockets.stats().slowConsumers()).isEqualTo(slowBefore + 1);
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	@Test
	void aSendStuckOnAStalledClientIsEndedAfterTheSendTimeLimitWithoutAnotherWriter() throws Exception {
		long slowBefore = this.sockets.stats().slowConsumers();
		try (Socket stalled = RawHttp.stalledClient(this.server.port(), "/csp/user/Test.Shared.cls?tag=stuck")) {
			WebSocketServer server = this.servers.open("stuck");
			// One message far larger than the socket buffers: accepted at once, then
			// stuck in
			// the container until the send-time limit ends it.
			server.write("x".repeat(64 * 1024 * 1024));
			await().atMost(TestClient.DEADLINE).until(() -> !server.isOpen());
			assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> server.write("more"))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(1008))
				.withMessageContaining("Slow consumer");
			assertThat(this.sockets.stats().slowConsumers()).isEqualTo(slowBefore + 1);
			await().atMost(TestClient.DEADLINE).until(() -> this.events.of("stuck").postServer.get() == 1);
		}
	}

	@Test
	void aCloseOfTheServerAfterTheSocketIdledLongerThanTheSendTimeLimitReachesTheClientAsSent() throws Exception {
		TestClient client = this.server.connect("/csp/user/Test.Echo.cls?tag=idle-close&timeout=60000");
		ServerEvents.Seen seen = this.events.of("idle-close");
		await().atMost(TestClient.DEADLINE).until(() -> seen.webSocketId != null);
		Thread.sleep(1500); // Idle for longer than the send-time limit (1 s) is what is
							// tested.
		assertThat(this.sockets.endServer(seen.webSocketId, "Closed by administrator")).isTrue();
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "Closed by administrator"));
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
	}

	private static void echoOnAll(List<TestClient> clients, String message) {
		clients.forEach((client) -> client.send(message));
		clients.forEach((client) -> assertThat(client.nextText()).isEqualTo(message));
	}

}
