package dev.cspwebsocket.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.limits.SharedLimitsIntegrationTests;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.cspwebsocket.test.RawWebSocket.CLOSE;
import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that sends messages and its close frame in one write, as Autobahn's case 7.1.1
 * does: the server reads every message before the close, and its answers reach the client
 * before the answer to the close, in both modes, on many sockets at once. A server that
 * does not read holds the answer back for the send-time limit, no longer.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { SharedLimitsIntegrationTests.MAX_QUEUED_MESSAGES,
		SharedLimitsIntegrationTests.SEND_TIME_LIMIT, SharedLimitsIntegrationTests.SEND_BUFFER_SIZE })
class HostileCloseIntegrationTests {

	private static final int SOCKETS = 50;

	private static final int MESSAGES = 3;

	private static final Duration SEND_TIME_LIMIT = Duration.ofSeconds(1);

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "Test.Echo", "Test.Consuming" })
	void messagesSentWithTheCloseAreAnsweredBeforeTheClose(String serverClass) throws IOException {
		List<RawWebSocket> clients = new ArrayList<>();
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				RawWebSocket client = RawWebSocket.open(this.server.port(),
						"/csp/user/" + serverClass + ".cls?tag=close-" + serverClass + "-" + socket);
				clients.add(client);
				client.sendRaw(messagesThenClose(socket));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				RawWebSocket client = clients.get(socket);
				for (int message = 0; message < MESSAGES; message++) {
					assertThat(client.nextText()).as("answer %d on socket %d", message, socket)
						.isEqualTo("echo:" + socket + "-" + message);
				}
				assertThat(client.awaitClose()).as("the close on socket %d", socket)
					.isEqualTo(new TestClient.Close(1000, "bye"));
			}
		}
		finally {
			for (RawWebSocket client : clients) {
				client.close();
			}
		}
		for (int socket = 0; socket < SOCKETS; socket++) {
			ServerEvents.Seen seen = this.events.of("close-" + serverClass + "-" + socket);
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	@Test
	void aServerThatDoesNotReadHoldsTheCloseForTheSendTimeLimitAtMost() throws IOException {
		ServerEvents.Seen seen = this.events.of("unread");
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls?tag=unread&gated")) {
			long start = System.nanoTime();
			client.sendRaw(messagesThenClose(0));
			assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1000, "bye"));
			Duration held = Duration.ofNanos(System.nanoTime() - start);
			assertThat(held).as("how long the close was held for a server that might answer")
				.isGreaterThanOrEqualTo(SEND_TIME_LIMIT.minus(ReadTimer.TICK.multipliedBy(2)))
				.isLessThan(SEND_TIME_LIMIT.plusSeconds(3));
		}
		seen.gate.countDown();
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
	}

	/** {@value #MESSAGES} text messages and a close frame, in one write. */
	private static byte[] messagesThenClose(int socket) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int message = 0; message < MESSAGES; message++) {
			bytes.writeBytes(RawWebSocket.frame(FIN | TEXT, true,
					("echo:" + socket + "-" + message).getBytes(StandardCharsets.UTF_8)));
		}
		bytes.writeBytes(RawWebSocket.frame(FIN | CLOSE, true, RawWebSocket.closePayload(1000, "bye")));
		return bytes.toByteArray();
	}

}
