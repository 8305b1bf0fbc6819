package dev.cspwebsocket.resume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import dev.cspwebsocket.testapp.TestSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resumable shared sockets: a connection dropped without a close leaves the socket away,
 * and a client that speaks the resume protocol gets it back with every message once, in
 * order, both ways. The client here is a raw one that speaks the protocol by hand, as
 * docs/resume.md describes it. No HTTP sessions here: a resume from another session is
 * refused, and this client keeps no cookies.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.shared.resume-grace=20s", "csp.websocket.shared.resume-buffer=64KB",
		"csp.websocket.session.create=false" })
class ResumeIntegrationTests extends ServerIntegrationTests {

	@Autowired
	MeterRegistry registry;

	private static final String NUL = Resumer.NUL;

	@Test
	void aSocketResumedAfterAResetGetsWhatItMissedAndEveryMessageArrivesOnceInOrderBothWays() throws IOException {
		Resumer client = connect("reset");
		WebSocketServer socket = this.sockets.openServer(client.id);
		client.send("c1");
		client.send("c2");
		socket.write("s1");
		socket.write("s2");
		assertThat(client.next()).isEqualTo("s1");
		assertThat(client.next()).isEqualTo("s2");
		assertThat(socket.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("c1", true));
		client.raw.reset();
		// Written by another thread while the connection is gone: kept for the client.
		socket.write("s3");
		socket.write("s4");
		Resumer resumed = client.resume();
		// c2 was sent before the reset; a reset drops what the server had not read yet.
		assertThat(resumed.resumedCount).isBetween(1L, 2L);
		assertThat(resumed.next()).isEqualTo("s3");
		assertThat(resumed.next()).isEqualTo("s4");
		assertThat(socket.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("c2", true));
		resumed.send("c3");
		assertThat(socket.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("c3", true));
		socket.write("s5");
		assertThat(resumed.next()).isEqualTo("s5");
		assertThat(socket.isOpen()).isTrue();
		assertThat(this.events.of("reset").postServer.get()).isZero();
		resumed.raw.closeNormally();
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("reset").postServer.get() == 1);
	}

	@Test
	void theClientsMessagesTheServerMissedAreSentAgainAfterItsCountAndReadOnce() throws IOException {
		Resumer client = connect("client-resends");
		WebSocketServer socket = this.sockets.openServer(client.id);
		for (int i = 1; i <= 20; i++) {
			client.send("c" + i);
		}
		client.raw.reset();
		Resumer resumed = client.resume();
		resumed.send("c21");
		for (int i = 1; i <= 21; i++) {
			assertThat(socket.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("c" + i, true));
		}
		assertThat(socket.read(Duration.ofMillis(200))).isInstanceOf(ReadResult.Timeout.class);
		resumed.raw.closeNormally();
	}

	@Test
	void aClientThatClosesWith4000WillBeBackAndTheSocketWaitsForIt() throws IOException {
		Resumer client = connect("be-right-back");
		client.raw.sendClose(4000);
		assertThat(client.raw.awaitClose().code()).isEqualTo(4000);
		client.raw.close();
		this.sockets.openServer(client.id).write("kept for you");
		Resumer resumed = client.resume();
		assertThat(resumed.next()).isEqualTo("kept for you");
		assertThat(this.events.of("be-right-back").postServer.get()).isZero();
		resumed.raw.closeNormally();
	}

	@Test
	void anAwaySocketIsShownAwayWithWhatItKeepsAndAResumeIsCounted() throws IOException {
		long resumesBefore = this.sockets.stats().resumes();
		Resumer client = connect("shown");
		WebSocketServer socket = this.sockets.openServer(client.id);
		assertThat(this.sockets.describe(client.id).orElseThrow().state()).isEqualTo("open");
		client.raw.reset();
		socket.write("one");
		socket.write("three");
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.sockets.describe(client.id).orElseThrow().state().equals("away"));
		WebSocketInfo.Away away = this.sockets.describe(client.id).orElseThrow().away();
		assertThat(away).isNotNull();
		assertThat(away.keptMessages()).isEqualTo(2);
		assertThat(away.keptBytes()).isEqualTo(8);
		assertThat(this.sockets.stats().awaySockets()).isGreaterThanOrEqualTo(1);
		Resumer resumed = client.resume();
		assertThat(resumed.next()).isEqualTo("one");
		assertThat(this.sockets.describe(client.id).orElseThrow().state()).isEqualTo("open");
		assertThat(this.sockets.describe(client.id).orElseThrow().away()).isNull();
		assertThat(this.sockets.stats().resumes()).isEqualTo(resumesBefore + 1);
		resumed.raw.closeNormally();
	}

	@Test
	void aWrongSecretIsRefusedWith4010AndCountedAndTheSocketCanStillBeResumed() throws IOException {
		Counter refusals = this.registry.counter("csp.websocket.handshakes.rejected", "reason", "resume");
		double refusedBefore = refusals.count();
		Resumer client = connect("wrong-secret");
		client.raw.reset();
		assertThat(client.refusal("not-the-secret"))
			.isEqualTo(new TestClient.Close(4010, "Resume refused: wrong secret; start fresh"));
		assertThat(refusals.count()).isEqualTo(refusedBefore + 1);
		Resumer resumed = client.resume();
		assertThat(resumed.resumedCount).isZero();
		this.sockets.openServer(client.id).write("still the same socket");
		assertThat(resumed.next()).isEqualTo("still the same socket");
		resumed.raw.closeNormally();
	}

	@Test
	void aResumeFromAnotherHttpSessionIsRefusedEvenWithTheSecret() throws IOException {
		TestSession mine = TestSession.start(this.server.port());
		TestSession other = TestSession.start(this.server.port());
		Resumer client = Resumer.connect(this.server.port(), "session-tied", "Cookie: " + mine.cookie());
		client.raw.reset();
		TestClient.Close refused = new TestClient.Close(4010,
				"Resume refused: the socket belongs to another HTTP session; start fresh");
		assertThat(client.refusal(new String[] { "Cookie: " + other.cookie() }, client.secret)).isEqualTo(refused);
		assertThat(client.refusal(new String[0], client.secret)).isEqualTo(refused);
		Resumer resumed = client.resume();
		this.sockets.openServer(client.id).write("only for my session");
		assertThat(resumed.next()).isEqualTo("only for my session");
		resumed.raw.closeNormally();
	}

	@Test
	void aResumeByAnotherUserIsRefusedEvenWithTheSecret() throws IOException {
		String ada = "Authorization: Basic "
				+ Base64.getEncoder().encodeToString("ada:lovelace".getBytes(StandardCharsets.UTF_8));
		Resumer client = Resumer.connect(this.server.port(), "user-tied", ada);
		client.raw.reset();
		assertThat(client.refusal(new String[0], client.secret))
			.isEqualTo(new TestClient.Close(4010, "Resume refused: the socket belongs to another user; start fresh"));
		Resumer resumed = client.resume();
		this.sockets.openServer(client.id).write("only for ada");
		assertThat(resumed.next()).isEqualTo("only for ada");
		resumed.raw.closeNormally();
	}

	@Test
	void aClientThatAsksOfASocketThatIsNotResumableHearsAPlainHelloAndThenTheServer() throws IOException {
		try (RawWebSocket raw = RawWebSocket.open(this.server.port(),
				"/csp/user/Test.Shared.cls?tag=plain&welcome&csp-resume=1")) {
			assertThat(raw.nextText()).isEqualTo(NUL + "hello");
			assertThat(raw.nextText()).isEqualTo("welcome");
			raw.closeNormally();
		}
	}

	@Test
	void aClientThatDoesNotAskSeesNoneOfTheProtocolOnAResumableSocket() throws IOException {
		try (RawWebSocket raw = RawWebSocket.open(this.server.port(),
				"/csp/user/Test.Shared.cls?tag=unasked&welcome&resumable")) {
			assertThat(raw.nextText()).isEqualTo("welcome");
			raw.reset();
		}
		// Not resumable for this client: a drop ends it.
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("unasked").postServer.get() == 1);
	}

	@Test
	void textThatBeginsWithTheMarkIsEscapedBothWays() throws IOException {
		Resumer client = connect("escaped");
		WebSocketServer socket = this.sockets.openServer(client.id);
		socket.write(NUL + "not a control message");
		assertThat(client.raw.nextText()).isEqualTo(NUL + NUL + "not a control message");
		client.raw.sendText(NUL + NUL + "nor this");
		assertThat(socket.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text(NUL + "nor this", true));
		client.raw.closeNormally();
	}

	@Test
	void anUnknownControlMessageEndsTheSocketWith1002SayingWhichAndAFragmentedAckIsGathered() throws IOException {
		Resumer client = connect("bad-control");
		WebSocketServer socket = this.sockets.openServer(client.id);
		socket.write("s1");
		assertThat(client.next()).isEqualTo("s1");
		// An acknowledgement in two frames is one control message.
		client.raw.send(RawWebSocket.TEXT, true, (NUL + "ack").getBytes(StandardCharsets.UTF_8));
		client.raw.send(RawWebSocket.FIN | RawWebSocket.CONTINUATION, true, " 1".getBytes(StandardCharsets.UTF_8));
		client.send("after the ack");
		assertThat(socket.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("after the ack", true));
		client.raw.sendText(NUL + "bogus 1");
		assertThat(client.raw.awaitClose())
			.isEqualTo(new TestClient.Close(1002, "Unknown or wrong control message \\u0000bogus"));
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("bad-control").postServer.get() == 1);
	}

	@Test
	void theServerAcknowledgesEverySixteenMessagesAndForgetsWhatTheClientAcknowledges() throws IOException {
		Resumer client = connect("acks");
		WebSocketServer socket = this.sockets.openServer(client.id);
		for (int i = 1; i <= 16; i++) {
			client.send("c" + i);
		}
		assertThat(client.raw.nextText()).isEqualTo(NUL + "ack 16");
		socket.write("s1");
		socket.write("s2");
		assertThat(client.next()).isEqualTo("s1");
		assertThat(client.next()).isEqualTo("s2");
		client.raw.sendText(NUL + "ack 2");
		client.raw.reset();
		// Acknowledged: a resume that claims fewer is refused, as those are gone.
		assertThat(client.refusal(client.secret + " 1"))
			.satisfies((close) -> assertThat(close.reason()).contains("the client's count 1 is not between 2 and 2"));
		Resumer resumed = client.resume(2);
		assertThat(resumed.resumedCount).isEqualTo(16);
		resumed.raw.closeNormally();
	}

	@Test
	void writesFromManyThreadsWhileAwayAllArriveOnceAndInEachThreadsOrder() throws Exception {
		Resumer client = connect("many-writers");
		WebSocketServer socket = this.sockets.openServer(client.id);
		client.raw.reset();
		int threads = 8;
		int each = 50;
		ExecutorService writers = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> writes = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				writes.add(writers.submit(() -> {
					for (int i = 0; i < each; i++) {
						this.sockets.openServer(client.id).write(thread + ":" + i);
					}
				}));
			}
			for (Future<?> write : writes) {
				write.get();
			}
		}
		finally {
			writers.shutdownNow();
		}
		Resumer resumed = client.resume();
		int[] next = new int[threads];
		for (int i = 0; i < threads * each; i++) {
			String[] message = resumed.next().split(":");
			int thread = Integer.parseInt(message[0]);
			assertThat(Integer.parseInt(message[1])).isEqualTo(next[thread]++);
		}
		socket.write("last");
		assertThat(resumed.next()).isEqualTo("last");
		resumed.raw.closeNormally();
	}

	@Test
	void passingTheResumeBufferWhileAwayEndsTheSocketAsASlowConsumer() throws IOException {
		Resumer client = connect("overflow");
		WebSocketServer socket = this.sockets.openServer(client.id);
		client.raw.reset();
		String kilobyte = "x".repeat(1024);
		// 100 KB for a 64 KB buffer; the writer or a sender thread meets the bound, as
		// the
		// container has it.
		for (int i = 0; i < 100 && socket.isOpen(); i++) {
			try {
				socket.write(kilobyte);
			}
			catch (WebSocketClosedException ex) {
				assertThat(ex.code()).isEqualTo(1008);
			}
		}
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("overflow").postServer.get() == 1);
		assertThat(socket.read(TestClient.DEADLINE)).isInstanceOfSatisfying(ReadResult.Closed.class,
				(closed) -> assertThat(closed.code()).isEqualTo(1008));
	}

	@Test
	void manySocketsResumeAtOnce() throws Exception {
		int count = 40;
		List<Resumer> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Resumer client = connect("crowd-" + i);
			this.sockets.openServer(client.id).write("before " + i);
			assertThat(client.next()).isEqualTo("before " + i);
			clients.add(client);
		}
		for (Resumer client : clients) {
			client.raw.reset();
		}
		for (int i = 0; i < count; i++) {
			this.sockets.openServer(clients.get(i).id).write("while away " + i);
		}
		ExecutorService resumers = Executors.newFixedThreadPool(count);
		try {
			List<Future<Resumer>> resumes = new ArrayList<>();
			for (Resumer client : clients) {
				resumes.add(resumers.submit(() -> client.resume()));
			}
			for (int i = 0; i < count; i++) {
				Resumer resumed = resumes.get(i).get();
				assertThat(resumed.next()).isEqualTo("while away " + i);
				resumed.raw.closeNormally();
			}
		}
		finally {
			resumers.shutdownNow();
		}
	}

	private Resumer connect(String tag) throws IOException {
		return Resumer.connect(this.server.port(), tag);
	}

}
