package dev.cspwebsocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dedicated sockets against a real server and a real client: echo, timeouts, pieces,
 * limits and every way a socket ends.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
class DedicatedServerIntegrationTests {

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Autowired
	CspWebSockets sockets;

	private TestClient connect(String query) {
		return this.server.connect("/csp/user/Test.Echo.cls?" + query);
	}

	private ServerEvents.Seen ended(String tag) {
		ServerEvents.Seen seen = this.events.of(tag);
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() > 0);
		return seen;
	}

	@Test
	void textAndBinaryMessagesAreEchoed() {
		TestClient client = connect("tag=echo");
		client.send("hello");
		assertThat(client.nextMessage()).isEqualTo("hello");
		client.send(new byte[] { 0, 1, 2, (byte) 255 });
		assertThat(client.nextMessage()).isEqualTo(new byte[] { 0, 1, 2, (byte) 255 });
		client.close(1000, "bye");
		ended("echo");
	}

	@Test
	void aReadTimeoutLeavesTheSocketOpenSoTheServerCanPush() {
		TestClient client = connect("tag=timeout&timeout=100");
		assertThat(client.nextText()).isEqualTo("timeout");
		assertThat(client.nextText()).isEqualTo("timeout");
		client.send("still here");
		assertThat(client.nextTextSkipping("timeout")).isEqualTo("still here");
		client.close(1000, "");
		ended("timeout");
	}

	@Test
	void longReadTimeoutsOnAHundredSocketsEndNoSoonerThanTheirTimeAfterTheLastMessage() throws Exception {
		// 1.5 s: long enough for the read timer. Messages 600 ms apart make each later
		// read
		// ride on the deadline the first one filed, and outlive it by more than a second.
		List<TestClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 100; i++) {
				clients.add(connect("timeout=1500"));
			}
			long[] lastSent = new long[clients.size()];
			for (int round = 0; round < 3; round++) {
				if (round > 0) {
					Thread.sleep(600); // The time between messages is what is tested.
				}
				for (int i = 0; i < clients.size(); i++) {
					lastSent[i] = System.nanoTime();
					clients.get(i).send("m" + round);
				}
				for (TestClient client : clients) {
					// The first sockets may time out while the last ones connect.
					assertThat((round == 0) ? client.nextTextSkipping("timeout") : client.nextText())
						.isEqualTo("m" + round);
				}
			}
			for (int i = 0; i < clients.size(); i++) {
				assertThat(clients.get(i).nextText()).isEqualTo("timeout");
				assertThat(Duration.ofNanos(System.nanoTime() - lastSent[i])).as("time from the last message")
					.isGreaterThanOrEqualTo(Duration.ofMillis(1500))
					// Late by a tick, never by a turn of the wheel (about 5 s).
					.isLessThan(Duration.ofMillis(3500));
			}
		}
		finally {
			clients.forEach((client) -> client.close(1000, ""));
		}
	}

	@Test
	void exitEndsTheServerWith1000AndLaterReadsAndWritesSeeTheClose() {
		TestClient client = connect("tag=exit");
		client.send("exit");
		assertThat(client.awaitClose().code()).isEqualTo(1000);
		ServerEvents.Seen seen = ended("exit");
		assertThat(seen.closed).isEqualTo(new ReadResult.Closed(1000, ""));
		assertThat(seen.writeAfterEnd).contains("is closed (1000)").contains("not sent");
		assertThat(seen.postServer).hasValue(1);
		assertThat(seen.openInPostServer).isFalse();
	}

	@Test
	void aClientCloseWakesTheBlockedReadWithTheClientsCodeAndReason() {
		TestClient client = connect("tag=client-close");
		client.send("ping");
		assertThat(client.nextText()).isEqualTo("ping");
		client.close(4001, "going home");
		ServerEvents.Seen seen = ended("client-close");
		assertThat(seen.closed).isEqualTo(new ReadResult.Closed(4001, "going home"));
		assertThat(seen.closedAgain).as("every later read").isEqualTo(seen.closed);
		assertThat(seen.postServer).hasValue(1);
	}

	@Test
	void anAbruptDisconnectReachesOnPostServer() {
		TestClient client = connect("tag=abort");
		client.send("ping");
		assertThat(client.nextText()).isEqualTo("ping");
		// The client has the echo a moment before Jetty confirms the send: dropped in
		// between, the write would fail instead of the read seeing the close.
		String id = this.events.of("abort").webSocketId;
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.sockets.describe(id).map(WebSocketInfo::messagesOut).orElse(0L) == 1);
		client.abort();
		ServerEvents.Seen seen = ended("abort");
		assertThat(seen.closed).isInstanceOf(ReadResult.Closed.class);
		assertThat(((ReadResult.Closed) seen.closed).code()).isEqualTo(1006);
		assertThat(seen.postServer).hasValue(1);
	}

	@Test
	void anExceptionFromServerClosesWith1011AndOnPostServerStillRuns() {
		TestClient client = connect("tag=fail");
		client.send("fail");
		assertThat(client.awaitClose().code()).isEqualTo(1011);
		assertThat(ended("fail").postServer).hasValue(1);
	}

	@Test
	void aTextMessageOverTheLimitClosesWith1009() {
		TestClient client = connect("tag=too-big-text");
		client.send("x".repeat(256 * 1024 + 1));
		TestClient.Close close = client.awaitClose();
		assertThat(close.code()).isEqualTo(1009);
		assertThat(close.reason()).contains("262144 bytes");
		assertThat(ended("too-big-text").closed).isEqualTo(new ReadResult.Closed(1009, close.reason()));
	}

	@Test
	void aBinaryMessageOverTheLimitClosesWith1009() {
		TestClient client = connect("tag=too-big-binary");
		client.send(new byte[256 * 1024 + 1]);
		assertThat(client.awaitClose().code()).isEqualTo(1009);
		ended("too-big-binary");
	}

	@Test
	void aMessageManyTimesTheContainerBufferRoundTrips() {
		TestClient client = connect("tag=large");
		String text = randomText(90_000);
		client.send(text);
		assertThat(client.nextText()).isEqualTo(text);
		byte[] bytes = new byte[250_000];
		new Random(7).nextBytes(bytes);
		client.send(bytes);
		assertThat(client.nextMessage()).isEqualTo(bytes);
		client.close(1000, "");
		ended("large");
	}

	@Test
	void aMessageInSeveralFramesIsReadAsOne() {
		TestClient client = connect("tag=frames");
		client.sendInFrames("one ", "two ", "three");
		assertThat(client.nextText()).isEqualTo("one two three");
		client.close(1000, "");
		ended("frames");
	}

	@Test
	void aWaitingReaderGetsAMessageThatArrivesInSeveralPartsAsOnePiece() {
		// The container hands a 4 KB message over in 1 KB parts; a reader that asks for
		// more wakes once, for all of it.
		TestClient client = connect("tag=one-piece&pieces");
		for (int i = 0; i < 20; i++) {
			String message = String.valueOf((char) ('a' + i)).repeat(4096);
			client.send(message);
			assertThat(client.nextText()).isEqualTo("end:" + message);
		}
		client.close(1000, "");
		ended("one-piece");
	}

	@Test
	void aReaderThatAsksForLessGetsPiecesOfItsLengthAsTheyArrive() {
		TestClient client = connect("tag=small-pieces&pieces&len=1000");
		String message = "x".repeat(4096);
		client.send(message);
		List<String> pieces = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			pieces.add(client.nextText());
		}
		assertThat(pieces).containsExactly("more:" + "x".repeat(1000), "more:" + "x".repeat(1000),
				"more:" + "x".repeat(1000), "more:" + "x".repeat(1000), "end:" + "x".repeat(96));
		client.close(1000, "");
		ended("small-pieces");
	}

	@Test
	void aReadThatTimesOutWhilePartOfAMessageIsHereReturnsThatPartAndTheRestFollows() {
		TestClient client = connect("tag=half-message&pieces&timeout=300");
		client.sendFrame("first half, ", false);
		assertThat(client.nextText()).isEqualTo("more:first half, ");
		client.sendFrame("second half", true);
		assertThat(client.nextTextSkipping("timeout")).isEqualTo("end:second half");
		client.close(1000, "");
		ended("half-message");
	}

	@Test
	void partialReadsNeverSplitACharacterAndEndOnlyAtTheLastPiece() {
		TestClient client = connect("tag=pieces&pieces&len=3");
		String message = "aé€😀b😀😀c" + "ü".repeat(5) + "😀";
		client.send(message);
		List<String> pieces = new ArrayList<>();
		StringBuilder whole = new StringBuilder();
		String piece;
		do {
			piece = client.nextText();
			pieces.add(piece);
			whole.append(piece.substring(piece.indexOf(':') + 1));
		}
		while (piece.startsWith("more:"));
		assertThat(whole.toString()).isEqualTo(message);
		assertThat(pieces).allSatisfy((each) -> {
			String data = each.substring(each.indexOf(':') + 1);
			assertThat(data.codePointCount(0, data.length())).isBetween(1, 3);
			assertThat(Character.isLowSurrogate(data.charAt(0))).isFalse();
			assertThat(Character.isHighSurrogate(data.charAt(data.length() - 1))).isFalse();
		});
		assertThat(pieces).filteredOn((each) -> each.startsWith("end:")).hasSize(1);
		client.close(1000, "");
		ended("pieces");
	}

	@Test
	void aServerThatReadsLateLosesNothing() {
		TestClient client = connect("tag=gated&gated");
		Thread sender = new Thread(() -> {
			for (int i = 0; i < 600; i++) {
				client.send(i + ":" + "z".repeat(1000));
			}
		});
		sender.start();
		await().atMost(TestClient.DEADLINE).until(() -> this.events.has("gated"));
		this.events.of("gated").gate.countDown();
		for (int i = 0; i < 600; i++) {
			assertThat(client.nextText()).startsWith(i + ":").hasSize(String.valueOf(i).length() + 1001);
		}
		client.close(1000, "");
		ended("gated");
	}

	@Test
	void whileTheServerDoesNotReadTheContainerStopsReadingSoTcpHoldsTheClientBackAndNothingIsLost() {
		TestClient client = connect("tag=held-back&gated");
		// 20 MB: far more than the inbound buffer and the TCP buffers together hold.
		int count = 20_000;
		AtomicInteger sent = new AtomicInteger();
		Thread sender = new Thread(() -> {
			for (int i = 0; i < count; i++) {
				client.send(i + ":" + "x".repeat(1000));
				sent.incrementAndGet();
			}
		});
		sender.start();
		ServerEvents.Seen seen = this.events.of("held-back");
		await().atMost(TestClient.DEADLINE).until(() -> seen.webSocketId != null);
		// The server holds its inbound buffer's worth (64 KB: about 60 of these), and the
		// client can send no more. What the container had read when reading paused comes
		// on top: up to 64 KB more on Reactor Netty, whose reads are that large.
		await().atMost(TestClient.DEADLINE).until(() -> queued(seen.webSocketId) >= 50);
		await().during(Duration.ofSeconds(1))
			.atMost(TestClient.DEADLINE)
			.until(() -> queued(seen.webSocketId) < 140 && sent.get() < count);
		seen.gate.countDown();
		for (int i = 0; i < count; i++) {
			assertThat(client.nextText()).startsWith(i + ":");
		}
		client.close(1000, "");
		ended("held-back");
	}

	private int queued(String webSocketId) {
		return this.sockets.describe(webSocketId).map(WebSocketInfo::inboundQueued).orElse(0);
	}

	@Test
	void endingWhileReadingIsPausedResumesReadingSoTheConnectionCanClose() {
		TestClient client = connect("tag=paused-end&gated&end");
		AtomicInteger sent = new AtomicInteger();
		Thread sender = new Thread(() -> {
			try {
				// Far more than the inbound buffer and the TCP buffers together hold.
				for (int i = 0; i < 20_000; i++) {
					client.send("y".repeat(1000));
					sent.incrementAndGet();
				}
			}
			catch (RuntimeException ex) {
				// The server may drop the connection once it is closed: the flood is
				// over.
			}
		});
		sender.start();
		await().atMost(TestClient.DEADLINE).until(() -> sent.get() > 100 && this.events.has("paused-end"));
		this.events.of("paused-end").gate.countDown();
		assertThat(client.awaitClose().code()).isEqualTo(1000);
		// Paused for good, the server would not read on and the sender would hang.
		await().atMost(TestClient.DEADLINE).until(() -> !sender.isAlive());
		ended("paused-end");
	}

	@Test
	void serverRunsOnADedicatedThreadThatIsVirtualFromJava21() {
		TestClient client = connect("tag=thread");
		client.send("ping");
		client.nextText();
		ServerEvents.Seen seen = this.events.of("thread");
		assertThat(seen.threadName).startsWith("csp-ws-");
		assertThat(seen.virtualThread).isEqualTo(Runtime.version().feature() >= 21);
		client.close(1000, "");
		ended("thread");
	}

	@Test
	void closedSocketsLeaveTheRegistry() {
		TestClient client = connect("tag=registry");
		client.send("ping");
		client.nextText();
		assertThat(this.sockets.stats().openSockets()).isPositive();
		client.close(1000, "");
		ended("registry");
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().openSockets() == 0);
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().runningServers() == 0);
	}

	private static String randomText(int codePoints) {
		Random random = new Random(42);
		int[] alphabet = { 'a', 'Z', '7', 'é', 'ß', '€', '中', 0x1F600, 0x1F680 };
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < codePoints; i++) {
			text.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
		}
		return text.toString();
	}

}
