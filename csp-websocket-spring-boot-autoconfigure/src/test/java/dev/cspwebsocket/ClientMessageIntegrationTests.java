package dev.cspwebsocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.OpenServers;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client messages of shared sockets: queued for any reader, or consumed by
 * {@code onClientMessage()}.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
class ClientMessageIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	@Autowired
	ServerEvents events;

	@Autowired
	CspWebSockets sockets;

	@Autowired
	OpenServers servers;

	@Test
	void onClientMessageSeesEveryMessageInArrivalOrderOneAtATimeOnTheSharedPool() {
		TestClient client = this.servers.connect("Test.Consuming", "ordered");
		List<String> sent = IntStream.range(0, 500).mapToObj((i) -> "message " + i).toList();
		sent.forEach(client::send);
		ServerEvents.Seen seen = this.events.of("ordered");
		await().atMost(WAIT).until(() -> seen.clientMessages.size() == sent.size());
		assertThat(seen.clientMessages).containsExactlyElementsOf(sent);
		assertThat(seen.clientMessageThread).startsWith("csp-ws-shared-");
		// Consumed messages never reach a reader.
		assertThat(this.servers.open("ordered").read(Duration.ofMillis(50))).isInstanceOf(ReadResult.Timeout.class);
		client.close(1000, "");
		await().atMost(WAIT).until(() -> seen.postServer.get() == 1);
		assertThat(seen.callbacksOverlapped).isFalse();
	}

	@Test
	void messagesOnClientMessageDoesNotConsumeAreQueuedForReadersInOrder() {
		TestClient client = this.servers.connect("Test.Consuming", "partly");
		client.send("a");
		client.send("read:b");
		client.send("c");
		client.sendInFrames("read:", "d in ", "frames");
		WebSocketServer server = this.servers.open("partly");
		assertThat(server.read(WAIT)).isEqualTo(new ReadResult.Text("read:b", true));
		assertThat(server.read(WAIT)).isEqualTo(new ReadResult.Text("read:d in frames", true));
		assertThat(this.events.of("partly").clientMessages).containsExactly("a", "read:b", "c", "read:d in frames");
		client.close(1000, "");
	}

	@Test
	void readingInACallbackOfAServerWithOnClientMessageIsRefusedInsteadOfWaitingForItself() {
		TestClient client = this.servers.connect("Test.Consuming", "read-inside");
		client.send("read-inside");
		await().atMost(WAIT).until(() -> this.events.of("read-inside").readInCallback != null);
		assertThat(this.events.of("read-inside").readInCallback)
			.startsWith("read() in a callback of a server with onClientMessage() would wait for itself");
		client.close(1000, "");
		await().atMost(WAIT).until(() -> this.events.of("read-inside").postServer.get() == 1);
	}

	@Test
	void aFailingOnClientMessageClosesItsSocketWith1011AndNoOther() {
		TestClient failing = this.servers.connect("Test.Consuming", "failing");
		TestClient bystander = this.servers.connect("Test.Consuming", "bystander");
		failing.send("fail");
		assertThat(failing.awaitClose()).isEqualTo(new TestClient.Close(1011, "Internal server error"));
		await().atMost(WAIT).until(() -> this.events.of("failing").postServer.get() == 1);
		bystander.send("read:still here");
		assertThat(this.servers.open("bystander").read(WAIT)).isEqualTo(new ReadResult.Text("read:still here", true));
		bystander.close(1000, "");
	}

	@Test
	void twoReadersAtOnceGetEachMessageWholeAndExactlyOnce() {
		TestClient client = this.servers.connect("Test.Shared", "two-readers");
		WebSocketServer server = this.servers.open("two-readers");
		int messages = 400;
		Map<String, String> readBy = new ConcurrentHashMap<>();
		List<CompletableFuture<Void>> readers = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		for (int r = 0; r < 2; r++) {
			String reader = "reader-" + r;
			readers.add(CompletableFuture.runAsync(() -> {
				StringBuilder message = new StringBuilder();
				while (readBy.size() < messages) {
					// Small pieces, so that every message takes several reads.
					ReadResult result = server.read(3, Duration.ofMillis(100));
					if (result instanceof ReadResult.Text piece) {
						message.append(piece.data());
						if (piece.atEnd()) {
							assertThat(readBy.put(message.toString(), reader)).as("read twice: %s", message).isNull();
							message.setLength(0);
						}
					}
				}
				assertThat(message).as("a message left part-read").isEmpty();
			}, threads));
		}
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < messages; i++) {
			String[] frames = { "message-" + i + "-", "in-three-", "frames-" + i };
			client.sendInFrames(frames);
			sent.add(String.join("", frames));
		}
		readers.forEach((reader) -> reader.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
		threads.shutdown();
		assertThat(readBy.keySet()).containsExactlyInAnyOrderElementsOf(sent);
		client.close(1000, "");
	}

	@Test
	void aMessagePartReadBelongsToItsReaderUntilItsEnd() {
		TestClient client = this.servers.connect("Test.Shared", "owned-message");
		WebSocketServer server = this.servers.open("owned-message");
		client.send("abcdef");
		client.send("ghi");
		assertThat(server.read(2, WAIT)).isEqualTo(new ReadResult.Text("ab", false));
		// Another reader gets neither the rest of this message nor the next one
		// meanwhile.
		assertThat(onAnotherThread(() -> server.read(2, Duration.ofMillis(200))))
			.isInstanceOf(ReadResult.Timeout.class);
		assertThat(server.read(2, WAIT)).isEqualTo(new ReadResult.Text("cd", false));
		assertThat(server.read(2, WAIT)).isEqualTo(new ReadResult.Text("ef", true));
		assertThat(onAnotherThread(() -> server.read(2, WAIT))).isEqualTo(new ReadResult.Text("gh", false));
		client.close(1000, "");
	}

	private static ReadResult onAnotherThread(Supplier<ReadResult> read) {
		return CompletableFuture.supplyAsync(read, (task) -> new Thread(task).start())
			.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
			.join();
	}

}
