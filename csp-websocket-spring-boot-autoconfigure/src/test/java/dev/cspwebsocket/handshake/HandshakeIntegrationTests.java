package dev.cspwebsocket.handshake;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.WebServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handshakes against a real server, sent byte for byte over TCP.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
class HandshakeIntegrationTests {

	private static final String ECHO = "/csp/user/Test.Echo.cls";

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	private RawHttp.Response handshake(String path, String... extraHeaders) throws IOException {
		return RawHttp.handshake(this.server.port(), path, extraHeaders);
	}

	private RawHttp.Response handshakeWith(String key, String version, String path, String... extraHeaders)
			throws IOException {
		List<String> lines = new ArrayList<>(
				List.of("GET " + path + " HTTP/1.1", "Host: localhost:PORT", "Upgrade: websocket",
						"Connection: Upgrade", "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: " + version));
		lines.addAll(List.of(extraHeaders));
		return RawHttp.send(this.server.port(), lines.toArray(String[]::new));
	}

	@Test
	void theSeedsHandshakeIsAnsweredWithItsAcceptKeyAndSubprotocol() throws IOException {
		RawHttp.Response response = RawHttp.seedHandshake(this.server.port(), ECHO);
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
		assertThat(response.header("Connection")).isEqualToIgnoringCase("upgrade");
		assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
		assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("chat");
	}

	@Test
	void theFirstOfferedSubprotocolThatTheServerSpeaksIsChosen() throws IOException {
		RawHttp.Response response = handshake(ECHO, "Sec-WebSocket-Protocol: mqtt, superchat, chat");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Sec-WebSocket-Protocol")).isEqualTo("superchat");
	}

	@Test
	void aClientOfferingOnlySubprotocolsTheServerDoesNotSpeakIsRefusedWithThoseItSpeaks() throws IOException {
		// Answered 101 without one, the client would fail with 1006 and no reason.
		RawHttp.Response response = handshake(ECHO, "Sec-WebSocket-Protocol: mqtt");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body())
			.isEqualTo("None of the subprotocols offered is one this server speaks: [chat, superchat]");
	}

	@Test
	void aClientOfferingASubprotocolToAServerThatSpeaksNoneIsRefusedSayingSo() throws IOException {
		RawHttp.Response response = handshake("/csp/user/Test.Shared.cls", "Sec-WebSocket-Protocol: chat");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("This server speaks no subprotocol: connect without one");
	}

	@Test
	void aClientOfferingNoSubprotocolIsServedWithout() throws IOException {
		RawHttp.Response response = handshake(ECHO);
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Sec-WebSocket-Protocol")).isNull();
	}

	@Test
	void onPreServerSeesTheHandshakeAndTheSocketIdentity() {
		TestClient client = this.server.connect(ECHO + "?tag=pre&x=a%20b", Map.of("X-Test", "yes"), "superchat",
				"chat");
		ServerEvents.Seen seen = this.events.of("pre");
		await().atMost(TestClient.DEADLINE).until(() -> seen.threadName != null);
		assertThat(seen.path).isEqualTo(ECHO);
		assertThat(seen.query).isEqualTo("a b");
		assertThat(seen.header).isEqualTo("yes");
		assertThat(seen.sessionId).as("a session made for the handshake, as in CSP").isNotNull();
		assertThat(seen.subprotocol).isEqualTo("superchat").isEqualTo(client.subprotocol());
		assertThat(seen.remoteAddressKnown).isTrue();
		assertThat(seen.webSocketId).matches("[A-Za-z0-9_-]{27}");
		assertThat(seen.handshakeOutsidePreServer).contains("onPreServer() only");
		client.close(1000, "done");
	}

	@Test
	void sessionIdIsTheHttpSessionOfTheHandshake() throws IOException {
		RawHttp.Response session = RawHttp.send(this.server.port(), "GET /session HTTP/1.1", "Host: localhost:PORT",
				"Connection: close");
		String sessionId = session.body();
		assertThat(session.header("Set-Cookie")).contains(WebServer.SESSION_COOKIE + "=" + sessionId);
		TestClient client = this.server.connect(ECHO + "?tag=session",
				Map.of("Cookie", WebServer.SESSION_COOKIE + "=" + sessionId));
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("session").threadName != null);
		assertThat(this.events.of("session").sessionId).isEqualTo(sessionId);
		client.close(1000, "");
	}

	@Test
	void socketIdsDifferAndCarryOneHundredAndSixtyBits() {
		TestClient first = this.server.connect(ECHO + "?tag=id1");
		TestClient second = this.server.connect(ECHO + "?tag=id2");
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.events.of("id1").webSocketId != null && this.events.of("id2").webSocketId != null);
		assertThat(this.events.of("id1").webSocketId).isNotEqualTo(this.events.of("id2").webSocketId);
		assertThat(java.util.Base64.getUrlDecoder().decode(this.events.of("id1").webSocketId)).hasSize(20);
		first.close(1000, "");
		second.close(1000, "");
	}

	@Test
	void handshakeRequestsAreTaggedWithTheServersPathNotAFreePattern() {
		TestClient client = this.server.connect(ECHO + "?tag=pattern");
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("pattern").bestMatchingPattern != null);
		assertThat(this.events.of("pattern").bestMatchingPattern).isEqualTo(ECHO);
		client.close(1000, "");
	}

	@Test
	void aPlainGetIsToldThatAWebSocketUpgradeIsRequired() throws IOException {
		RawHttp.Response response = RawHttp.send(this.server.port(), "GET " + ECHO + " HTTP/1.1",
				"Host: localhost:PORT", "Connection: close");
		assertThat(response.status()).isEqualTo(426);
		assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
		assertThat(response.body()).contains("WebSocket endpoint");
	}

	@Test
	void anUnsupportedVersionIsAnswered426WithTheSupportedVersion() throws IOException {
		RawHttp.Response response = handshakeWith("x3JJHMbDL1EzLkh9GBhXDw==", "8", ECHO);
		assertThat(response.status()).isEqualTo(426);
		assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
		assertThat(response.body()).contains("version 13");
	}

	@Test
	void aClientGoneBeforeItsSocketOpensStillHasItsServerEnded() throws Exception {
		Socket client = RawHttp.sendHandshake(this.server.port(), ECHO + "?tag=gone&preGate");
		ServerEvents.Seen seen = this.events.of("gone");
		await().atMost(TestClient.DEADLINE).until(() -> seen.webSocketId != null);
		// A reset while onPreServer() runs: the container drops the upgrade after the
		// 101.
		client.setSoLinger(true, 0);
		client.close();
		seen.gate.countDown();
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		assertThat(seen.threadName).as("server() ran").isNull();
	}

	@Test
	void aMalformedKeyIsABadRequest() throws IOException {
		RawHttp.Response response = handshakeWith("not-a-key", "13", ECHO);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("Sec-WebSocket-Key");
	}

	@Test
	void onPreServerCanRefuseWithAnHttpStatusAndNoServerRuns() throws IOException {
		RawHttp.Response response = handshake(ECHO + "?refuse=no-entry&tag=refused");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("Refused by onPreServer: no-entry");
		ServerEvents.Seen seen = this.events.of("refused");
		assertThat(seen.path).as("onPreServer ran").isEqualTo(ECHO);
		assertThat(seen.threadName).as("server() never ran").isNull();
		assertThat(seen.postServer).hasValue(0);
	}

	// The failure is injected through the servlet context.
	@Tag("servlet")
	@Test
	void onPostServerRunsWhenTheUpgradeFailsAfterOnPreServer() throws IOException {
		RawHttp.Response response = handshake(ECHO + "?tag=late-failure&fault=upgrade");
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.body()).startsWith("The WebSocket upgrade failed");
		ServerEvents.Seen seen = this.events.of("late-failure");
		assertThat(seen.path).as("onPreServer ran").isEqualTo(ECHO);
		assertThat(seen.postServer).hasValue(1);
		assertThat(seen.threadName).as("server() never ran").isNull();
	}

	@Test
	void permessageDeflateIsNotNegotiatedByDefault() throws IOException {
		RawHttp.Response response = handshake(ECHO, "Sec-WebSocket-Extensions: permessage-deflate");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Sec-WebSocket-Extensions")).isNull();
	}

	@Test
	void anExceptionFromOnPreServerIsAnswered500() throws IOException {
		assertThat(handshake(ECHO + "?boom=1").status()).isEqualTo(500);
	}

	@Test
	void controllersAndStaticResourcesUnderTheCspPathStillAnswer() throws IOException {
		RawHttp.Response hello = RawHttp.send(this.server.port(), "GET /csp/user/hello HTTP/1.1",
				"Host: localhost:PORT", "Connection: close");
		assertThat(hello.status()).isEqualTo(200);
		assertThat(hello.body()).isEqualTo("hello");
		RawHttp.Response file = RawHttp.send(this.server.port(), "GET /csp/user/notes.txt HTTP/1.1",
				"Host: localhost:PORT", "Connection: close");
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.body()).contains("static file");
	}

}
