package dev.cspwebsocket.demo;

import java.net.URI;
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

	private static final String BROADCAST = "/chat/broadcast";

	@LocalServerPort
	int port;

	@Autowired
	CspWebSockets sockets;

	@Test
	void eachChatMessageReachesEveryChatSocketUnderItsSendersName() {
		List<TestClient> clients = join(3);
		clients.get(0).send("hello");
		for (TestClient client : clients) {
			assertThat(nextSaid(client)).isEqualTo("person-0: hello");
		}
		clients.forEach((client) -> client.close(1000, ""));
	}

	@Test
	void everyoneHearsWhoJoinsAndWhoLeaves() {
		TestClient ada = connect("ada");
		assertThat(ada.nextText()).isEqualTo("ada joined");
		TestClient grace = connect("grace");
		assertThat(ada.nextText()).isEqualTo("grace joined");
		assertThat(grace.nextText()).isEqualTo("grace joined");
		grace.close(1000, "");
		assertThat(ada.nextText()).isEqualTo("grace left");
		ada.close(1000, "");
	}

	@Test
	void aNameLongerThanThirtyCharactersIsRefusedAtTheHandshake() throws Exception {
		RawHttp.Response response = RawHttp.handshake(this.port, URL + "?name=" + "x".repeat(31));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("at most 30 characters");
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
			assertThat(nextSaid(client)).isEqualTo("Maintenance at noon");
		}
		clients.get(0).close(1000, "");
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.openServersOfClass(ChatServer.class).size() == 1);
		assertThat(post("Second notice").body()).isEqualTo("{\"delivered\":1,\"failed\":0,\"everywhere\":true}");
		assertThat(nextSaid(clients.get(1))).isEqualTo("Second notice");
		clients.get(1).close(1000, "");
	}

	@Test
	void aFormEncodedBroadcastIsRefusedRatherThanDeliveredEncoded() throws Exception {
		// What curl -d sends without a content type: the chat would get
		// "Hello%2C+everyone=".
		HttpResponse<String> response = post("Hello, everyone", "application/x-www-form-urlencoded");
		assertThat(response.statusCode()).isEqualTo(415);
	}

	@Test
	void aBroadcastWithoutABodyIsABadRequest() throws Exception {
		assertThat(post("").statusCode()).isEqualTo(400);
	}

	@Test
	void onlyTheAdministratorMayBroadcastAndOnlyWithTheCsrfToken() throws Exception {
		// A visitor's own script, not logged in.
		DemoBrowser stranger = new DemoBrowser(this.port);
		stranger.get("/chat.html");
		assertThat(stranger.fetch("POST", BROADCAST, "text/plain", "Buy now", true).statusCode()).isEqualTo(401);
		// Another site's page, posting plain text with the administrator's cookies.
		DemoBrowser admin = loggedIn();
		assertThat(admin.fetch("POST", BROADCAST, "text/plain", "Buy now", false).statusCode()).isEqualTo(403);
		assertThat(admin.fetch("POST", BROADCAST, "text/plain", "Maintenance at noon", true).statusCode())
			.isEqualTo(200);
	}

	private List<TestClient> join(int count) {
		List<TestClient> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			clients.add(connect("person-" + i));
		}
		// The client has its 101 a moment before the container reports the socket open.
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.sockets.openServersOfClass(ChatServer.class).size() == count);
		return clients;
	}

	private TestClient connect(String name) {
		return TestClient.connect(URI.create("ws://localhost:" + this.port + URL + "?name=" + name));
	}

	/** The next message that is not someone joining or leaving. */
	private static String nextSaid(TestClient client) {
		return client.nextTextSkipping((text) -> text.endsWith(" joined") || text.endsWith(" left"));
	}

	private HttpResponse<String> post(String message) throws Exception {
		return post(message, "text/plain");
	}

	/** As the administrator's script does: logged in, with the CSRF token. */
	private HttpResponse<String> post(String message, String contentType) throws Exception {
		return loggedIn().fetch("POST", BROADCAST, contentType, message, true);
	}

	private DemoBrowser loggedIn() throws Exception {
		DemoBrowser admin = new DemoBrowser(this.port);
		admin.logIn("demo", "demo");
		return admin;
	}

}
