package dev.cspwebsocket;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ConsumingServer;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import dev.cspwebsocket.testapp.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Shared-connection sockets: a {@code server()} that returns, and the registry that
 * reaches the socket afterwards from any thread.
 *
 * @author csp-websocket-spring-boot
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedServerIntegrationTests extends ServerIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	@Test
	void sharedServerReturnsOnTheSharedPoolAndItsSocketStaysOpenForOtherThreads() {
		TestClient client = connect("/csp/user/Test.Shared.cls?tag=stays&welcome");
		assertThat(client.nextText()).isEqualTo("welcome");
		ServerEvents.Seen seen = this.events.of("stays");
		assertThat(seen.threadName).startsWith("csp-ws-shared-");
		WebSocketServer server = onAnotherThread(() -> this.sockets.openServer(seen.webSocketId));
		assertThat(server.isOpen()).isTrue();
		assertThat(server.isSharedConnection()).isTrue();
		assertThat(server.webSocketId()).isEqualTo(seen.webSocketId);
		assertThat(server.serverClass()).isEqualTo("Test.Shared");
		assertThat(server.application()).isEqualTo("user");
		assertThat(server.subprotocol()).isNull();
		onAnotherThread(() -> {
			server.write("pushed");
			return null;
		});
		assertThat(client.nextText()).isEqualTo("pushed");
		client.send("hello");
		ReadResult read = onAnotherThread(() -> this.sockets.openServer(seen.webSocketId).read(WAIT));
		assertThat(read).isEqualTo(new ReadResult.Text("hello", true));
		assertThat(server.read(Duration.ofMillis(10))).isInstanceOf(ReadResult.Timeout.class);
		assertThat(seen.postServer).hasValue(0);
		assertThat(client.isClosed()).isFalse();
		onAnotherThread(() -> {
			this.sockets.openServer(seen.webSocketId).endServer();
			return null;
		});
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1000, ""));
		await().atMost(WAIT).untilAsserted(() -> assertThat(seen.postServer).hasValue(1));
		assertThat(seen.postServerThread).startsWith("csp-ws-shared-");
		assertThat(seen.openInPostServer).isFalse();
		assertThat(server.read(WAIT)).isEqualTo(new ReadResult.Closed(1000, ""));
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> server.write("late"))
			.withMessageContaining(WebSocketIds.shown(seen.webSocketId))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(1000));
		assertThatExceptionOfType(WebSocketNotFoundException.class)
			.isThrownBy(() -> this.sockets.openServer(seen.webSocketId))
			.withMessageContaining(WebSocketIds.shown(seen.webSocketId))
			.withMessageContaining("ended");
		assertThat(seen.callbacksOverlapped).isFalse();
	}

	@Test
	void setSharedConnectionOutsideOnPreServerThrows() {
		TestClient client = connect("/csp/user/Test.Shared.cls?tag=mode-late&welcome");
		assertThat(client.nextText()).isEqualTo("welcome");
		assertThat(this.events.of("mode-late").setSharedOutsidePreServer)
			.isEqualTo("setSharedConnection() is allowed in onPreServer() only: "
					+ "the mode of a socket is settled when its handshake ends");
		assertThat(this.sockets.openServer(this.events.of("mode-late").webSocketId).isSharedConnection()).isTrue();
		client.close(1000, "");
	}

	@Test
	void aSharedSocketCanBeOpenedByItsIdAsSoonAsItsServerRunsSoAnIdItHandsOutIsNeverUnknown() {
		for (int i = 0; i < 100; i++) {
			String tag = "findable-" + i;
			TestClient client = this.server.connect("/csp/user/Test.Shared.cls?id&tag=" + tag);
			String webSocketId = client.nextText();
			assertThat(this.events.of(tag).openableInServer).as("found from its own server()").isTrue();
			assertThat(this.sockets.openServer(webSocketId).webSocketId()).isEqualTo(webSocketId);
			client.close(1000, "");
		}
	}

	@Test
	void openServerOnAnUnknownIdSaysNotFoundAndNamesTheId() {
		String unknown = "unknownSocketIdOf27Characters";
		assertThatExceptionOfType(WebSocketNotFoundException.class).isThrownBy(() -> this.sockets.openServer(unknown))
			.withMessage("No open WebSocket with id " + WebSocketIds.shown(unknown)
					+ ": the id is unknown or its socket has ended");
		assertThatIllegalArgumentException().isThrownBy(() -> this.sockets.openServer(""))
			.withMessage("webSocketId must not be empty");
	}

	@Test
	void openServerOnADedicatedSocketIsRefusedWithTheReason() {
		TestClient client = connect("/csp/user/Test.Echo.cls?tag=dedicated-open");
		client.send("ping");
		assertThat(client.nextText()).isEqualTo("ping");
		String id = this.events.of("dedicated-open").webSocketId;
		assertThatExceptionOfType(CspWebSocketException.class).isThrownBy(() -> this.sockets.openServer(id))
			.withMessageContaining(WebSocketIds.shown(id))
			.withMessageContaining("only shared-connection sockets can be opened")
			.withMessageContaining("setSharedConnection(true) in onPreServer()");
		assertThat(this.sockets.openServersOfClass("Test.Echo")).isEmpty();
		client.close(1000, "");
	}

	@Test
	void aControllerPushesToASharedSocketFromTheRequestThreadAndAnEndedOneIsNotFound(CapturedOutput output)
			throws Exception {
		TestClient client = connect("/csp/user/Test.Shared.cls?tag=pushed-by-controller");
		String id = this.events.of("pushed-by-controller").webSocketId;
		HttpResponse<String> response = post("/push/" + id, "from a controller");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(client.nextText()).isEqualTo("from a controller");
		client.close(1000, "");
		await().atMost(WAIT).until(() -> this.events.of("pushed-by-controller").postServer.get() == 1);
		// WebSocketNotFoundException, left to escape the controller.
		HttpResponse<String> gone = post("/push/" + id, "too late");
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

	@Test
	void oneSocketsCallbackWritesToAnotherThroughTheRegistry() {
		TestClient sender = connect("/csp/user/Test.Consuming.cls?tag=relay-from");
		TestClient receiver = connect("/csp/user/Test.Shared.cls?tag=relay-to");
		sender.send("relay:" + this.events.of("relay-to").webSocketId + ":hello from another socket");
		assertThat(receiver.nextText()).isEqualTo("hello from another socket");
		sender.close(1000, "");
		receiver.close(1000, "");
	}

	@Test
	void lookupsFindTheOpenSharedSocketsOfAClassAnApplicationAndASession() throws Exception {
		String sessionId = RawHttp.send(this.server.port(), "GET /session HTTP/1.1", "Host: localhost").body();
		Map<String, String> cookie = Map.of("Cookie", WebServer.SESSION_COOKIE + "=" + sessionId);
		List<TestClient> clients = List.of(connect("/csp/user/Test.Shared.cls?tag=find-1", cookie),
				connect("/csp/user/Test.Shared.cls?tag=find-2", cookie),
				connect("/csp/user/Test.Shared.cls?tag=find-3"),
				connect("/csp/user/Test.Consuming.cls?tag=find-4", cookie),
				connect("/csp/user/Test.Echo.cls?tag=find-5", cookie));
		clients.get(4).send("ping");
		assertThat(clients.get(4).nextText()).isEqualTo("ping");
		String[] ids = new String[6];
		for (int i = 1; i <= 5; i++) {
			ids[i] = this.events.of("find-" + i).webSocketId;
		}
		assertThat(ids(this.sockets.openServersOfClass("Test.Shared"))).contains(ids[1], ids[2], ids[3])
			.doesNotContain(ids[4], ids[5]);
		assertThat(ids(this.sockets.openServersOfClass(ConsumingServer.class))).contains(ids[4])
			.doesNotContain(ids[1], ids[2], ids[3], ids[5]);
		assertThat(ids(this.sockets.openServersOfClass(CspWebSocket.class))).contains(ids[1], ids[2], ids[3], ids[4])
			.doesNotContain(ids[5]);
		assertThat(ids(this.sockets.openServersOfApplication("user"))).contains(ids[1], ids[2], ids[3], ids[4])
			.doesNotContain(ids[5]);
		assertThat(this.sockets.openServersOfApplication("admin")).isEmpty();
		assertThat(ids(this.sockets.openServersOfSession(sessionId))).containsExactlyInAnyOrder(ids[1], ids[2], ids[4]);
		clients.get(1).close(1000, "");
		await().atMost(WAIT).until(() -> this.events.of("find-2").postServer.get() == 1);
		assertThat(ids(this.sockets.openServersOfSession(sessionId))).containsExactlyInAnyOrder(ids[1], ids[4]);
		clients.forEach((client) -> {
			if (!client.isClosed()) {
				client.close(1000, "");
			}
		});
	}

	@Test
	void onPostServerRunsExactlyOnceWhenTheClientClosesOrDisappears() {
		TestClient closing = connect("/csp/user/Test.Shared.cls?tag=end-client");
		TestClient vanishing = connect("/csp/user/Test.Shared.cls?tag=end-abort");
		closing.close(1000, "bye");
		vanishing.abort();
		await().atMost(WAIT).until(() -> this.events.of("end-client").postServer.get() == 1);
		await().atMost(WAIT).until(() -> this.events.of("end-abort").postServer.get() == 1);
		String closedId = this.events.of("end-client").webSocketId;
		assertThatExceptionOfType(WebSocketNotFoundException.class).isThrownBy(() -> this.sockets.openServer(closedId));
		// Ending twice more changes nothing.
		assertThat(this.events.of("end-client").postServer).hasValue(1);
		assertThat(this.events.of("end-abort").postServer).hasValue(1);
		assertThat(this.events.of("end-client").callbacksOverlapped).isFalse();
	}

	private TestClient connect(String path) {
		return connect(path, Map.of());
	}

	private TestClient connect(String path, Map<String, String> headers) {
		TestClient client = this.server.connect(path, headers);
		if (!path.contains("Test.Echo")) {
			this.servers.open(path.substring(path.indexOf("tag=") + 4).split("&")[0]);
		}
		return client;
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.server.http(path))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Set<String> ids(List<WebSocketServer> servers) {
		return servers.stream().map(WebSocketServer::webSocketId).collect(Collectors.toSet());
	}

	private static <T> T onAnotherThread(Callable<T> task) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return task.call();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
	}

}
