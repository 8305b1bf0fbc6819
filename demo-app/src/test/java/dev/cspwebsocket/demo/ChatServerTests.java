package dev.cspwebsocket.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat: shared sockets that broadcast each message to every chat socket, and the
 * broadcast endpoint.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ChatServerTests {

	private static final String URL = "/csp/user/MyApp.ChatServer.cls";

	@LocalServerPort
	int port;

	@Autowired
	CspWebSockets sockets;

	@Test
	void eachChatMessageReachesEveryChatSocket() {
		List<TestClient> clients = join(3);
		clients.get(0).send("ada: hello");
		for (TestClient client : clients) {
			assertThat(client.nextText()).isEqualTo("ada: hello");
		}
		clients.forEach((client) -> client.close(1000, ""));
	}

	@Test
	void postingToTheBroadcastEndpointPushesToEveryChatSocketAndCountsThem() throws Exception {
		List<TestClient> clients = join(2);
		HttpResponse<String> response = post("Maintenance at noon");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"delivered\":2,\"failed\":0,\"everywhere\":true}");
		for (TestClient client : clients) {
			assertThat(client.nextText()).isEqualTo("Maintenance at noon");
		}
		clients.get(0).close(1000, "");
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.openServersOfClass(ChatServer.class).size() == 1);
		assertThat(post("Second notice").body()).isEqualTo("{\"delivered\":1,\"failed\":0,\"everywhere\":true}");
		assertThat(clients.get(1).nextText()).isEqualTo("Second notice");
		clients.get(1).close(1000, "");
	}

	@Test
	void aBroadcastWithoutABodyIsABadRequest() throws Exception {
		RawHttp.Response response = RawHttp.send(this.port, "POST /chat/broadcast HTTP/1.1", "Host: localhost:PORT",
				"Content-Type: text/plain", "Content-Length: 0", "Connection: close");
		assertThat(response.status()).isEqualTo(400);
	}

	private List<TestClient> join(int count) {
		List<TestClient> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			clients.add(TestClient.connect(URI.create("ws://localhost:" + this.port + URL)));
		}
		// The client has its 101 a moment before the container reports the socket open.
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.sockets.openServersOfClass(ChatServer.class).size() == count);
		return clients;
	}

	private HttpResponse<String> post(String message) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/chat/broadcast"))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(message))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
