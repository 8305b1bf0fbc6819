package dev.cspwebsocket.demo;

import java.io.IOException;
import java.util.Map;
import java.util.Random;

import dev.cspwebsocket.test.CspWebSocketTest;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's echo server at the seed's URL, with a real client: the example of testing a
 * server with {@code csp-websocket-spring-boot-test} in docs/testing.md.
 *
 * @author csp-websocket-spring-boot
 */
@CspWebSocketTest(properties = "demo.echo.timeout=300ms")
class MyWebSocketServerTests {

	private static final String URL = "/csp/user/MyApp.MyWebSocketServer.cls";

	@Autowired
	TestServer server;

	@Test
	void theSeedsHandshakeOpensTheEchoServerWithTheChatSubprotocol() throws IOException {
		RawHttp.Response response = RawHttp.seedHandshake(this.server.port(), URL);
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
		assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("chat");
	}

	@Test
	void echoesMessagesPushesOnEveryTimeoutAndEndsOnExit() {
		TestClient client = this.server.connect(URL, Map.of(), "chat");
		assertThat(client.subprotocol()).isEqualTo("chat");
		assertThat(client.nextText()).matches("Server timed-out at \\d\\d:\\d\\d:\\d\\d");
		client.send("Hello, IRIS");
		assertThat(client.nextTextSkipping("Server timed-out")).isEqualTo("Hello, IRIS");
		client.send("exit");
		assertThat(client.awaitClose().code()).isEqualTo(1000);
	}

	@Test
	void longTextAndBinaryMessagesComeBackWholeNotInTheReadsPieces() {
		TestClient client = this.server.connect(URL, Map.of(), "chat");
		// Twice the read length of 32,656: each message is read in three pieces.
		byte[] data = new byte[65_536];
		new Random(7).nextBytes(data);
		client.send(data);
		assertThat(nextSkippingPushes(client)).isEqualTo(data);
		String text = "é".repeat(40_000);
		client.send(text);
		assertThat(nextSkippingPushes(client)).isEqualTo(text);
		client.close(1000, "");
	}

	private static Object nextSkippingPushes(TestClient client) {
		Object message;
		do {
			message = client.nextMessage();
		}
		while (message instanceof String text && text.startsWith("Server timed-out"));
		return message;
	}

	@Test
	void theEchoPageCarriesTheSeedsClientOnTheStartersReconnectingSocketAndTheIndexLinksEveryPage() throws IOException {
		assertThat(get("/").body()).contains("href=\"/echo.html\"", "href=\"/chat.html\"", "href=\"/notepad.html\"",
				"href=\"/status.html\"");
		assertThat(get("/echo.html").body()).contains("socketUrl(\"/csp/user/MyApp.MyWebSocketServer.cls\")",
				"protocols: [\"chat\"]", "<script src=\"/app.js\">");
		assertThat(get("/app.js").body()).contains("import(\"/csp-websocket/client.js\")",
				"new CspWebSocket(url, { protocols: options.protocols || []", "ws.readyState", "ws.bufferedAmount",
				"event.code", "event.reason");
	}

	@Test
	void theStarterServesItsJavaScriptClientToThePages() throws IOException {
		assertThat(get("/csp-websocket/client.js").body()).contains("export class CspWebSocket extends EventTarget");
	}

	private RawHttp.Response get(String path) throws IOException {
		RawHttp.Response response = RawHttp.send(this.server.port(), "GET " + path + " HTTP/1.1",
				"Host: localhost:PORT", "Connection: close");
		assertThat(response.status()).as(path).isEqualTo(200);
		return response;
	}

}
