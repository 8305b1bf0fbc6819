package dev.cspwebsocket.limits;

import java.io.IOException;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.TestSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection limits: in all, per application, per server class and per HTTP session.
 * Application {@code user} exposes every server, {@code other} only {@code Test.Echo}.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.applications.user.servers=*",
		"csp.websocket.applications.other.servers=Test.Echo", "csp.websocket.limits.total=5",
		"csp.websocket.limits.per-application=4", "csp.websocket.limits.per-server-class=3",
		"csp.websocket.limits.per-session=2" })
class ConnectionLimitIntegrationTests {

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Autowired
	CspWebSockets sockets;

	private final List<TestClient> clients = new ArrayList<>();

	@AfterEach
	void closeEverySocket() {
		this.clients.forEach((client) -> client.close(1000, ""));
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().runningServers() == 0);
	}

	@Test
	void aSessionOverItsLimitIsAnswered503WithRetryAfterAndNoServerObject() throws IOException {
		TestSession session = TestSession.start(this.server.port());
		open("user", "Test.Session", session);
		open("user", "Test.Session", session);
		refused("user", "Test.Session", session, "the limit of 2 sockets per HTTP session");
		open("user", "Test.Session", TestSession.start(this.server.port()));
	}

	@Test
	void aServerClassOverItsLimitIsRefusedInEveryApplication() throws IOException {
		for (int i = 0; i < 3; i++) {
			open("user", "Test.Echo", null);
		}
		refused("other", "Test.Echo", null, "the limit of 3 sockets for Test.Echo");
		open("user", "Test.Shared", null);
	}

	@Test
	void anApplicationOverItsLimitIsRefusedWhileOthersTakeSockets() throws IOException {
		for (int i = 0; i < 3; i++) {
			open("user", "Test.Shared", null);
		}
		open("user", "Test.Session", null);
		refused("user", "Test.Session", null, "the limit of 4 sockets for application user");
		open("other", "Test.Echo", null);
	}

	@Test
	void theTotalLimitCountsEverySocket() throws IOException {
		for (int i = 0; i < 3; i++) {
			open("user", "Test.Shared", null);
		}
		open("user", "Test.Session", null);
		open("other", "Test.Echo", null);
		refused("other", "Test.Echo", null, "the limit of 5 sockets in all");
	}

	@Test
	void aClientThatUnderstandsTryAgainLaterIsClosedWith1013AndTheDelayInsteadOfRefused503() throws IOException {
		for (int i = 0; i < 3; i++) {
			open("user", "Test.Echo", null);
		}
		long rejectionsBefore = this.sockets.stats().limitRejections();
		String tag = tag();
		TestClient client = this.server.connect(path("other", "Test.Echo", tag) + "&csp-try-again=1");
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1013, "Try again in 5 s"));
		assertThat(this.events.has(tag)).as("a server object was made").isFalse();
		assertThat(this.sockets.stats().limitRejections()).isEqualTo(rejectionsBefore + 1);
		assertThat(this.sockets.stats().openSockets()).isEqualTo(3);
		// Any other value is no sign: the handshake is refused as usual.
		RawHttp.Response response = RawHttp.handshake(this.server.port(),
				path("other", "Test.Echo", tag()) + "&csp-try-again=yes");
		assertThat(response.status()).isEqualTo(503);
	}

	@Test
	void aSocketThatEndsMakesRoomForAnother() throws IOException {
		TestSession session = TestSession.start(this.server.port());
		open("user", "Test.Session", session);
		TestClient leaving = open("user", "Test.Session", session);
		refused("user", "Test.Session", session, "per HTTP session");
		leaving.close(1000, "");
		this.clients.remove(leaving);
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().runningServers() == 1);
		open("user", "Test.Session", session);
	}

	// The failure is injected through the servlet request.
	@Tag("servlet")
	@Test
	void aHandshakeThatFailsAfterItsAdmissionLeavesItsPlaceToTheNext() throws IOException {
		open("user", "Test.Echo", null);
		open("user", "Test.Echo", null);
		String tag = tag();
		// The request cannot make its HTTP session, as once its response is committed.
		RawHttp.Response response = RawHttp.handshake(this.server.port(),
				path("user", "Test.Echo", tag) + "&fault=session");
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.body()).isEqualTo("The HTTP session of the handshake could not be made");
		assertThat(this.events.has(tag)).as("a server object was made").isFalse();
		// Counted for good, it would hold the third and last place of Test.Echo.
		open("user", "Test.Echo", null);
		refused("user", "Test.Echo", null, "the limit of 3 sockets for Test.Echo");
	}

	@Test
	void concurrentHandshakesOfOneSessionNeverPassItsLimit() {
		TestSession session = TestSession.start(this.server.port());
		long rejectionsBefore = this.sockets.stats().limitRejections();
		List<CompletableFuture<TestClient>> attempts = IntStream.range(0, 20)
			.mapToObj((i) -> this.server.connectAsync(path("user", "Test.Session", tag()), session.header()))
			.toList();
		int refused = 0;
		for (CompletableFuture<TestClient> attempt : attempts) {
			try {
				this.clients.add(attempt.orTimeout(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS).join());
			}
			catch (CompletionException ex) {
				assertThat(ex.getCause()).isInstanceOf(WebSocketHandshakeException.class);
				assertThat(((WebSocketHandshakeException) ex.getCause()).getResponse().statusCode()).isEqualTo(503);
				refused++;
			}
		}
		assertThat(this.clients).hasSize(2);
		assertThat(refused).isEqualTo(18);
		assertThat(this.sockets.stats().limitRejections()).isEqualTo(rejectionsBefore + 18);
	}

	private TestClient open(String application, String serverClass, TestSession session) {
		TestClient client = this.server.connect(path(application, serverClass, tag()),
				(session != null) ? session.header() : Map.of());
		this.clients.add(client);
		return client;
	}

	private void refused(String application, String serverClass, TestSession session, String limit) throws IOException {
		long rejectionsBefore = this.sockets.stats().limitRejections();
		String tag = tag();
		RawHttp.Response response = (session != null)
				? RawHttp.handshake(this.server.port(), path(application, serverClass, tag),
						"Cookie: " + session.cookie())
				: RawHttp.handshake(this.server.port(), path(application, serverClass, tag));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo("5");
		assertThat(response.body()).startsWith("Too many WebSockets: ").contains(limit);
		assertThat(this.events.has(tag)).as("a server object was made").isFalse();
		assertThat(response.header("Set-Cookie")).as("a session was made").isNull();
		assertThat(this.sockets.stats().limitRejections()).isEqualTo(rejectionsBefore + 1);
	}

	private static String path(String application, String serverClass, String tag) {
		return "/csp/" + application + "/" + serverClass + ".cls?tag=" + tag;
	}

	private static String tag() {
		return "limit-" + UUID.randomUUID();
	}

}
