package dev.cspwebsocket.session;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import dev.cspwebsocket.testapp.TestSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sockets tied to the HTTP session of their handshake, both ways, whatever store keeps
 * the sessions: each subclass runs these against one store.
 *
 * @author csp-websocket-spring-boot
 */
abstract class HttpSessionTiesIntegrationTests extends ServerIntegrationTests {

	static final String SESSION_PROPERTIES = "csp.websocket.session.check-interval=200ms";

	@Test
	void aDedicatedServerReadsAndWritesItsSessionsAttributes() {
		TestSession session = TestSession.start(this.server.port());
		session.setAttribute("color", "red");
		TestClient client = connect(session, tag("attributes"));
		client.send("get:color");
		assertThat(client.nextText()).isEqualTo("red");
		client.send("set:color=blue");
		assertThat(client.nextText()).isEqualTo("ok");
		assertThat(session.attribute("color")).as("seen by the next HTTP request").isEqualTo("blue");
		client.close(1000, "");
	}

	@Test
	void aSharedSocketKeepsOnlyItsSessionIdAndSaysWhyItHasNoSession() {
		TestSession session = TestSession.start(this.server.port());
		String tag = tag("detached");
		connect(session, tag + "&shared");
		ServerEvents.Seen seen = this.events.of(tag);
		await().atMost(TestClient.DEADLINE).until(() -> seen.detachedPrincipal != null);
		assertThat(seen.sessionId).isEqualTo(session.id());
		assertThat(seen.detachedSession).contains("shared-connection", "detached from its HTTP session",
				"onPreServer()");
		assertThat(seen.detachedPrincipal).contains("shared-connection", "detached", "onPreServer()");
	}

	@Test
	void invalidatingTheSessionClosesItsThreeSocketsWith1008AndLeavesOtherSessionsAlone() {
		TestSession ended = TestSession.start(this.server.port());
		TestSession other = TestSession.start(this.server.port());
		List<String> endedTags = List.of(tag("ended"), tag("ended"), tag("ended"));
		List<TestClient> endedClients = List.of(connect(ended, endedTags.get(0)), connect(ended, endedTags.get(1)),
				connect(ended, endedTags.get(2) + "&shared"));
		String otherTag = tag("other");
		TestClient otherClient = connect(other, otherTag);
		String otherSharedTag = tag("other-shared");
		connect(other, otherSharedTag + "&shared");
		this.servers.open(endedTags.get(2));
		this.servers.open(otherSharedTag);

		ended.invalidate();

		for (TestClient client : endedClients) {
			assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
		}
		for (String tag : endedTags) {
			await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).postServer.get() == 1);
		}
		assertThat(this.sockets.openServersOfSession(ended.id())).isEmpty();
		assertThat(this.sockets.openServersOfSession(other.id())).hasSize(1);
		otherClient.send("still here");
		assertThat(otherClient.nextText()).isEqualTo("still here");
		assertThat(this.events.of(otherTag).postServer).hasValue(0);
		otherClient.close(1000, "");
	}

	@Test
	void manySessionsEndingAtOnceCloseExactlyTheirOwnSockets() throws Exception {
		List<TestSession> ending = new ArrayList<>();
		List<TestSession> staying = new ArrayList<>();
		Map<TestSession, List<TestClient>> clients = new HashMap<>();
		for (int i = 0; i < 16; i++) {
			TestSession session = TestSession.start(this.server.port());
			((i % 2 == 0) ? ending : staying).add(session);
			clients.put(session, List.of(connect(session, tag("many")), connect(session, tag("many")),
					connect(session, tag("many") + "&shared")));
		}
		ExecutorService threads = Executors.newFixedThreadPool(ending.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> ends = ending.stream().map((session) -> threads.submit(() -> {
				start.await();
				session.invalidate();
				return null;
			})).collect(Collectors.toList());
			start.countDown();
			for (Future<?> end : ends) {
				end.get(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		for (TestSession session : ending) {
			for (TestClient client : clients.get(session)) {
				assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
			}
			assertThat(this.sockets.openServersOfSession(session.id())).isEmpty();
		}
		for (TestSession session : staying) {
			assertThat(this.sockets.openServersOfSession(session.id())).hasSize(1);
			TestClient client = clients.get(session).get(0);
			client.send("still here");
			assertThat(client.nextText()).isEqualTo("still here");
			clients.get(session).forEach((open) -> open.close(1000, ""));
		}
	}

	@Test
	void aSessionThatTimesOutClosesItsSockets() {
		TestSession session = TestSession.start(this.server.port());
		session.setTimeoutSeconds(1);
		String tag = tag("timeout");
		TestClient client = connect(session, tag);
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).postServer.get() == 1);
		// The container may still be ending it: its listeners run before it lets go.
		await().atMost(TestClient.DEADLINE).until(() -> !session.currentId().equals(session.id()));
	}

	@Test
	void trafficOnASocketKeepsItsSessionAlive() {
		TestSession session = TestSession.start(this.server.port());
		session.setTimeoutSeconds(2);
		TestClient client = connect(session, tag("kept"));
		// Two and a half times the session timeout, with a message every 200 ms.
		await().during(Duration.ofSeconds(5))
			.atMost(TestClient.DEADLINE)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				client.send("beat");
				return client.nextText().equals("beat") && !client.isClosed();
			});
		assertThat(session.currentId()).as("the same session").isEqualTo(session.id());
		client.close(1000, "");
	}

	@Test
	void serverPushesDoNotKeepTheSessionAlive() {
		TestSession session = TestSession.start(this.server.port());
		session.setTimeoutSeconds(1);
		TestClient client = connect(session, tag("pushed") + "&push");
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
	}

	@Test
	void aHandshakeWithoutASessionGetsOneThatLasts() {
		String tag = tag("fresh");
		TestClient client = this.server.connect("/csp/user/Test.Session.cls?tag=" + tag);
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).threadName != null);
		client.send("set:color=green");
		assertThat(client.nextText()).isEqualTo("ok");
		client.send("get:color");
		assertThat(client.nextText()).isEqualTo("green");
		assertThat(this.events.of(tag).sessionId).isNotNull();
		assertThat(client.isClosed()).isFalse();
		client.close(1000, "");
	}

	@Test
	void aSessionTheHandshakeMadeEndsWithItsSocketWhenNothingIsStoredInIt() throws IOException {
		// Left to its timeout, every anonymous client would leave a session behind.
		String tag = tag("made-unused");
		RawHttp.Response response = RawHttp.handshake(this.server.port(), "/csp/user/Test.Session.cls?tag=" + tag);
		assertThat(response.status()).isEqualTo(101);
		TestSession made = madeBy(response, tag);
		await().atMost(TestClient.DEADLINE).until(() -> !made.currentId().equals(made.id()));
	}

	@Test
	void aSessionTheHandshakeMadeOutlivesItsSocketOnceSomethingIsStoredInIt() throws IOException {
		String tag = tag("made-used");
		RawHttp.Response response = RawHttp.handshake(this.server.port(),
				"/csp/user/Test.Session.cls?store=color:green&tag=" + tag);
		assertThat(response.status()).isEqualTo(101);
		TestSession made = madeBy(response, tag);
		await().during(Duration.ofMillis(500))
			.atMost(TestClient.DEADLINE)
			.until(() -> made.currentId().equals(made.id()));
		assertThat(made.attribute("color")).isEqualTo("green");
	}

	/**
	 * The session a handshake made, once its socket has ended (the client left at once).
	 */
	private TestSession madeBy(RawHttp.Response response, String tag) {
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).postServer.get() == 1);
		String id = this.events.of(tag).sessionId;
		assertThat(id).isNotNull();
		return new TestSession(this.server.port(), id, response.header("Set-Cookie").split(";", 2)[0]);
	}

	@Test
	void aSocketWithSessionEndOnCloseEndsItsSessionAndTheSessionsOtherSockets() {
		TestSession session = TestSession.start(this.server.port());
		String tag = tag("ender");
		TestClient ender = connect(session, tag + "&endOnClose");
		TestClient other = connect(session, tag("bystander"));
		ender.close(1000, "bye");
		assertThat(other.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
		assertThat(this.events.of(tag).postServer).hasValue(1);
		// The container may still be ending it: its listeners run before it lets go.
		await().atMost(TestClient.DEADLINE).until(() -> !session.currentId().equals(session.id()));
	}

	TestClient connect(TestSession session, String tagAndQuery) {
		TestClient client = this.server.connect("/csp/user/Test.Session.cls?tag=" + tagAndQuery, session.header());
		String tag = tagAndQuery.split("&")[0];
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).threadName != null);
		return client;
	}

	static String tag(String name) {
		return name + "-" + UUID.randomUUID();
	}

}
