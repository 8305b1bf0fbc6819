package dev.cspwebsocket.cluster.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ClusterNode;
import dev.cspwebsocket.testapp.ClusterNode.SharedSocket;
import dev.cspwebsocket.testapp.TestCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one real Redis, and frames of other wire formats on their channels, as
 * nodes of other releases publish them during a rolling upgrade: the call fails at once
 * saying what to do, the refusal is counted and logged once, and the other sockets keep
 * working.
 *
 * @author csp-websocket-spring-boot
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterWireFormatIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	/**
	 * How soon a refused call fails: a round trip through Redis, far within the two
	 * minutes that the read refused would wait.
	 */
	private static final Duration AT_ONCE = Duration.ofSeconds(5);

	private static final String TO_A = "csp:ws:to:a";

	/** The channel of the node that sent the unversioned fixture requests. */
	private static final String TO_OLD_NODE = "csp:ws:to:node-a";

	static TestCluster cluster;

	static ClusterNode a;

	static ClusterNode b;

	static RedisClient client;

	static StatefulRedisConnection<byte[], byte[]> publisher;

	static StatefulRedisPubSubConnection<byte[], byte[]> listener;

	/** What is published on node a's channel and the old node's, in order. */
	static final BlockingQueue<Published> published = new LinkedBlockingQueue<>();

	@BeforeAll
	static void startCluster() {
		cluster = TestCluster.start("a", "b");
		a = cluster.node("a");
		b = cluster.node("b");
		client = RedisClient.create(RedisURI.create("127.0.0.1", cluster.redis().port()));
		publisher = client.connect(ByteArrayCodec.INSTANCE);
		listener = client.connectPubSub(ByteArrayCodec.INSTANCE);
		listener.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(byte[] channel, byte[] message) {
				published.add(new Published(new String(channel, StandardCharsets.UTF_8), message));
			}

		});
		listener.sync().subscribe(bytes(TO_A), bytes(TO_OLD_NODE));
	}

	@AfterAll
	static void stopCluster() {
		try {
			if (client != null) {
				// Closes its connections too.
				client.shutdown();
			}
		}
		finally {
			if (cluster != null) {
				cluster.close();
			}
		}
	}

	@Test
	void aRequestOfAnUnknownVersionFailsItsCallAtOnceSayingWhatToDoWhileTheOtherSocketsKeepWorking(
			CapturedOutput output) throws Exception {
		SharedSocket target = a.connectShared("");
		SharedSocket other = a.connectShared("");
		WebSocketServer remote = b.awaitOpenServer(target.webSocketId());
		WebSocketServer otherRemote = b.awaitOpenServer(other.webSocketId());
		double refusedBefore = refusedVersions(a);
		published.clear();
		CompletableFuture<ReadResult> read = CompletableFuture
			.supplyAsync(() -> remote.read(100, Duration.ofMinutes(2)));
		// Node b's request, as a node of a later release would send it: the same
		// envelope, another version.
		byte[] later = nextRequestOnA(ClusterRequest.Operation.READ).clone();
		later[2] = 99;
		publisher.sync().publish(bytes(TO_A), later);
		assertThat(read).failsWithin(AT_ONCE)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(WebSocketClusterException.class)
			.withMessageContaining(" on node a failed: Node a (wire format 1) refused a request of wire format 99 "
					+ "(unknown version); upgrade all nodes to the same release: nodes of different cluster wire "
					+ "formats cannot work each other's sockets");
		// Once more: counted again, not logged again.
		publisher.sync().publish(bytes(TO_A), later);
		await().atMost(WAIT).until(() -> refusedVersions(a) == refusedBefore + 2);
		assertThat(output.getOut()
			.lines()
			.filter((line) -> line.contains("WARN") && line
				.contains("Refused a request of wire format 99 from node b (this node speaks wire format 1)"))
			.count()).isOne();
		otherRemote.write("other socket");
		assertThat(other.client().nextText()).isEqualTo("other socket");
		remote.write("same socket");
		assertThat(target.client().nextText()).isEqualTo("same socket");
		// Node a still waits for the client on b's real read: end it.
		remote.endServer();
		assertThat(target.client().awaitClose().code()).isEqualTo(1000);
	}

	@Test
	void aRequestOfTheUnversionedFormatIsAnsweredWithAFailureThatItsOldNodeReads() throws Exception {
		double refusedBefore = refusedVersions(a);
		published.clear();
		// Node "node-a" asks to write to socket "abc", as the code at 5f3f5f7 wrote it.
		publisher.sync()
			.publish(bytes(TO_A), HexFormat.of().parseHex(ClusterCodecTests.UNVERSIONED_FRAMES.get("request write")));
		ByteBuffer answer = ByteBuffer.wrap(next(TO_OLD_NODE));
		// The old format's FAILED: type 5, the request id, the message.
		assertThat(answer.get()).isEqualTo((byte) 5);
		assertThat(answer.getLong()).isEqualTo(42);
		byte[] message = new byte[answer.getInt()];
		answer.get(message);
		assertThat(new String(message, StandardCharsets.UTF_8))
			.startsWith("node a speaks cluster wire format 1 and refused this node's request of the unversioned "
					+ "wire format; upgrade all nodes");
		await().atMost(WAIT).until(() -> refusedVersions(a) == refusedBefore + 1);
	}

	private static double refusedVersions(ClusterNode node) {
		return node.meters()
			.get("csp.websocket.cluster.frames.refused")
			.tag("reason", "version")
			.functionCounter()
			.count();
	}

	/** The next request that node b sends node a for an operation. */
	private static byte[] nextRequestOnA(ClusterRequest.Operation operation) throws InterruptedException {
		while (true) {
			byte[] frame = next(TO_A);
			if (ClusterCodec.decode(frame) instanceof ClusterRequest request && request.operation() == operation) {
				return frame;
			}
		}
	}

	/** The next frame published on a channel, within the deadline. */
	private static byte[] next(String channel) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			Published frame = published.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			assertThat(frame).as("a frame on %s within %s", channel, WAIT).isNotNull();
			if (frame.channel().equals(channel)) {
				return frame.frame();
			}
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private record Published(String channel, byte[] frame) {
	}

}
