package dev.cspwebsocket;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Many writers at once, messages too large to hold, and broadcasts to many sockets.
 *
 * @author csp-websocket-spring-boot
 */
class ConcurrentWriteIntegrationTests extends ServerIntegrationTests {

	@Test
	void sixtyFourThreadsWritingAThousandMessagesEachToASharedSocketArriveWholeAndInEachThreadsOrder() {
		TestClient client = this.servers.connect("Test.Shared", "writers");
		WebSocketServer server = this.servers.open("writers");
		int threads = 64;
		int count = 1000;
		ExecutorService writers = Executors.newFixedThreadPool(threads);
		List<CompletableFuture<Void>> writing = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			writing.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < count; i++) {
					server.write(thread + ":" + i);
				}
			}, writers));
		}
		assertEveryThreadsMessagesArrivedInOrder(client, threads, count);
		writing.forEach((done) -> done.orTimeout(TestClient.DEADLINE.toSeconds(), TimeUnit.SECONDS).join());
		writers.shutdown();
		client.close(1000, "");
	}

	@Test
	void threadsOfADedicatedServerWritingAtOnceArriveWholeAndInEachThreadsOrder() {
		TestClient client = this.server.connect("/csp/user/Test.Flood.cls?threads=16&count=1000");
		assertEveryThreadsMessagesArrivedInOrder(client, 16, 1000);
		client.close(1000, "");
	}

	private static void assertEveryThreadsMessagesArrivedInOrder(TestClient client, int threads, int count) {
		int[] next = new int[threads];
		for (int m = 0; m < threads * count; m++) {
			String[] message = client.nextText().split(":");
			assertThat(message).hasSize(2);
			int thread = Integer.parseInt(message[0]);
			assertThat(Integer.parseInt(message[1])).as("next message of thread %d", thread).isEqualTo(next[thread]);
			next[thread]++;
		}
		assertThat(next).containsOnly(count);
	}

	@Test
	void aFiftyMegabyteMessageStreamsFromAnInputStreamWithoutBeingHeldWhole() throws Exception {
		TestClient client = this.servers.connect("Test.Shared", "stream-binary");
		WebSocketServer server = this.servers.open("stream-binary");
		int size = 50 * 1024 * 1024;
		server.write("before");
		server.write(new GeneratedBytes(size));
		server.write("after");
		assertThat(client.nextText()).isEqualTo("before");
		byte[] received = (byte[]) client.nextMessage();
		assertThat(received).hasSize(size);
		for (int i = 0; i < size; i++) {
			if (received[i] != GeneratedBytes.at(i)) {
				assertThat(received[i]).as("byte %d", i).isEqualTo(GeneratedBytes.at(i));
			}
		}
		assertThat(client.nextText()).isEqualTo("after");
		client.close(1000, "");
	}

	@Test
	void aTextMessageStreamsFromAReaderWithoutSplittingCharacters() throws Exception {
		TestClient client = this.servers.connect("Test.Shared", "stream-text");
		WebSocketServer server = this.servers.open("stream-text");
		// An odd length puts surrogate pairs across every fragment boundary.
		String text = "a" + "\uD83D\uDE00é€".repeat(100_000);
		server.write(new StringReader(text));
		server.write(new ByteArrayInputStream(new byte[0]));
		server.write(new StringReader(""));
		assertThat(client.nextText()).isEqualTo(text);
		assertThat((byte[]) client.nextMessage()).isEmpty();
		assertThat(client.nextText()).isEmpty();
		client.close(1000, "");
	}

	@Test
	void aStreamThatFailsClosesItsSocketWith1011() {
		TestClient client = this.servers.connect("Test.Shared", "stream-fails");
		WebSocketServer server = this.servers.open("stream-fails");
		InputStream failing = new InputStream() {

			private int left = 100_000;

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				if (this.left == 0) {
					throw new IOException("source failed on purpose");
				}
				int count = Math.min(length, this.left);
				Arrays.fill(buffer, offset, offset + count, (byte) 'x');
				this.left -= count;
				return count;
			}

		};
		assertThatIOException().isThrownBy(() -> server.write(failing)).withMessage("source failed on purpose");
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1011, "The message could not be produced"));
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("stream-fails").postServer.get() == 1);
	}

	@Test
	void aBroadcastReachesTwoThousandSharedSockets() {
		int count = 2000;
		List<TestClient> clients = new ArrayList<>();
		for (int batch = 0; batch < count; batch += 100) {
			List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
			for (int i = batch; i < batch + 100; i++) {
				connecting.add(this.server.connectAsync("/csp/user/Test.Shared.cls?tag=broadcast-" + i));
			}
			connecting.forEach((future) -> clients.add(future.orTimeout(20, TimeUnit.SECONDS).join()));
		}
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.events.of("broadcast-" + i).webSocketId);
		}
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.sockets.openServersOfClass("Test.Shared")
				.stream()
				.map(WebSocketServer::webSocketId)
				.toList()
				.containsAll(ids));
		int delivered = 0;
		for (WebSocketServer server : this.sockets.openServersOfClass("Test.Shared")) {
			if (ids.contains(server.webSocketId())) {
				server.write("to everyone");
				delivered++;
			}
		}
		assertThat(delivered).isEqualTo(count);
		for (TestClient client : clients) {
			assertThat(client.nextText()).isEqualTo("to everyone");
		}
		clients.forEach((client) -> client.close(1000, ""));
		await().atMost(TestClient.DEADLINE)
			.until(() -> ids.stream().allMatch((id) -> this.events.of(tagOf(ids, id)).postServer.get() == 1));
	}

	private static String tagOf(List<String> ids, String id) {
		return "broadcast-" + ids.indexOf(id);
	}

	/** A stream of generated bytes, never held in memory. */
	private static final class GeneratedBytes extends InputStream {

		private final int size;

		private int position;

		GeneratedBytes(int size) {
			this.size = size;
		}

		static byte at(int position) {
			return (byte) (position % 251);
		}

		@Override
		public int read() {
			return (this.position < this.size) ? at(this.position++) & 0xFF : -1;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (this.position >= this.size) {
				return -1;
			}
			int count = Math.min(length, this.size - this.position);
			for (int i = 0; i < count; i++) {
				buffer[offset + i] = at(this.position++);
			}
			return count;
		}

	}

}
