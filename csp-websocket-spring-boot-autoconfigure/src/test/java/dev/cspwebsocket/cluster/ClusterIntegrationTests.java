package dev.cspwebsocket.cluster;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketNotFoundException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ClusterNode;
import dev.cspwebsocket.testapp.ClusterNode.SharedSocket;
import dev.cspwebsocket.testapp.SharedServer;
import dev.cspwebsocket.testapp.TestCluster;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one real Redis: shared sockets of one node worked from the other, the
 * look-ups across both, and the status endpoint's view of the whole cluster.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	static TestCluster cluster;

	static ClusterNode a;

	static ClusterNode b;

	@BeforeAll
	static void startCluster() {
		cluster = TestCluster.start("a", "b");
		a = cluster.node("a");
		b = cluster.node("b");
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void aWriteOnOneNodeReachesTheClientOfASocketOnAnother() {
		SharedSocket opened = a.connectShared("");
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		assertThat(remote.serverClass()).isEqualTo("Test.Shared");
		assertThat(remote.application()).isEqualTo("user");
		assertThat(remote.isSharedConnection()).isTrue();
		remote.write("from b");
		remote.write(new byte[] { 1, 2, 3 });
		assertThat(opened.client().nextText()).isEqualTo("from b");
		assertThat(opened.client().nextMessage()).isEqualTo(new byte[] { 1, 2, 3 });
		assertThat(remote.isOpen()).isTrue();
	}

	@Test
	void everyCallToAnotherNodeIsObservedWithItsOperationAndOutcome() {
		SharedSocket opened = a.connectShared("");
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		long writes = calls(b, "write-text", "success");
		long descriptions = calls(b, "describe", "success");
		remote.write("observed");
		assertThat(opened.client().nextText()).isEqualTo("observed");
		b.sockets().describeCluster();
		assertThat(calls(b, "write-text", "success")).isEqualTo(writes + 1);
		assertThat(calls(b, "describe", "success")).isEqualTo(descriptions + 1);
		assertThat(calls(a, "write-text", "success")).as("a made no call").isZero();
	}

	/** The calls of a node so far, as Boot's meter handler times its observations. */
	private static long calls(ClusterNode node, String operation, String outcome) {
		Timer timer = node.meters()
			.find("csp.websocket.cluster.call")
			.tags("operation", operation, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void onAThreadThatMustNotBlockTheClusterIsNotAskedAndAnotherNodesSocketIsNotWorked() {
		SharedSocket opened = a.connectShared("");
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		Scheduler nonBlocking = Schedulers.newParallel("csp-test-non-blocking", 1);
		try {
			assertThatIllegalStateException()
				.isThrownBy(() -> Mono.fromRunnable(() -> remote.write("from an event loop"))
					.subscribeOn(nonBlocking)
					.block(WAIT))
				.withMessageContaining("of another node, which waits for that node, would block csp-test-non-blocking");
			assertThatIllegalStateException()
				.isThrownBy(() -> Mono.fromCallable(() -> b.sockets().openServer(opened.webSocketId()))
					.subscribeOn(nonBlocking)
					.block(WAIT))
				.withMessageContaining("which asks the cluster, would block csp-test-non-blocking");
			// What the handle knows itself needs no other node.
			assertThat(Mono.fromCallable(remote::serverClass).subscribeOn(nonBlocking).block(WAIT))
				.isEqualTo("Test.Shared");
		}
		finally {
			nonBlocking.dispose();
		}
		remote.write("from a thread that may block");
		assertThat(opened.client().nextText()).isEqualTo("from a thread that may block");
	}

	@Test
	void aThousandWritesFromAnotherNodeArriveInOrderWithNoneLostOrRepeated() {
		SharedSocket opened = a.connectShared("");
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		for (int i = 0; i < 1000; i++) {
			remote.write("m" + i);
		}
		List<String> received = IntStream.range(0, 1000).mapToObj((i) -> opened.client().nextText()).toList();
		assertThat(received).containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj((i) -> "m" + i).toList());
	}

	@Test
	void readersOnTwoNodesGetEachClientMessageExactlyOnceAndInOrder() throws Exception {
		SharedSocket opened = a.connectShared("");
		WebSocketServer local = a.sockets().openServer(opened.webSocketId());
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		int count = 300;
		List<List<Integer>> readOrders = List.of(Collections.synchronizedList(new ArrayList<>()),
				Collections.synchronizedList(new ArrayList<>()));
		AtomicInteger read = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(2);
		List<WebSocketServer> readers = List.of(local, remote);
		// The local reader, much the faster, stops halfway: the rest is the remote one's.
		List<Integer> quotas = List.of(count / 2, count);
		for (int r = 0; r < 2; r++) {
			WebSocketServer reader = readers.get(r);
			List<Integer> order = readOrders.get(r);
			int quota = quotas.get(r);
			new Thread(() -> {
				while (read.get() < quota) {
					// Pieces of 3 characters: a message begun by one reader stays its
					// own.
					StringBuilder message = new StringBuilder();
					ReadResult result = reader.read(3, Duration.ofMillis(200));
					while (result instanceof ReadResult.Text text) {
						message.append(text.data());
						if (text.atEnd()) {
							order.add(Integer.parseInt(message.toString().substring(8)));
							read.incrementAndGet();
							break;
						}
						result = reader.read(3, Duration.ofSeconds(5));
					}
				}
				done.countDown();
			}).start();
		}
		for (int i = 0; i < count; i++) {
			opened.client().send("message " + i);
		}
		assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		List<Integer> all = new ArrayList<>(readOrders.get(0));
		all.addAll(readOrders.get(1));
		assertThat(all).hasSize(count).doesNotHaveDuplicates();
		assertThat(readOrders.get(1)).as("the remote reader's share").hasSizeGreaterThanOrEqualTo(count / 2);
		readOrders.forEach((order) -> assertThat(order).isSorted());
	}

	@Test
	void aPieceThatCannotBeHandedToItsReaderGoesBackAndTheNextReaderGetsTheWholeMessage() {
		SharedSocket opened = a.connectShared("");
		opened.client().send("first message");
		opened.client().send("second");
		List<ReadResult> handedOver = new ArrayList<>();
		// A reader on a node that has stopped listening: nothing it reads gets there.
		assertThat(a.localNode()
			.readFor(opened.webSocketId(), "gone/1", 5, WAIT, (result) -> handedOver.add(result) && false)).isTrue();
		assertThat(handedOver).containsExactly(new ReadResult.Text("first", false));
		WebSocketServer local = a.sockets().openServer(opened.webSocketId());
		assertThat(local.read(100, WAIT)).isEqualTo(new ReadResult.Text("first message", true));
		assertThat(local.read(100, WAIT)).isEqualTo(new ReadResult.Text("second", true));
		assertThat(a.localNode().readFor("no-such-socket", "gone/1", 5, Duration.ZERO, (result) -> true)).isFalse();
	}

	@Test
	void noReaderTakesAnythingWhileAPieceIsHandedOverSoAPieceThatGoesBackKeepsItsPlace() throws Exception {
		SharedSocket opened = a.connectShared("");
		opened.client().send("first");
		opened.client().send("second message");
		WebSocketServer local = a.sockets().openServer(opened.webSocketId());
		await().atMost(WAIT).until(() -> a.sockets().describe(opened.webSocketId()).orElseThrow().inboundQueued() == 2);
		List<ReadResult> duringHandOver = new ArrayList<>();
		a.localNode().readFor(opened.webSocketId(), "gone/1", 100, WAIT, (result) -> {
			// Another reader, and the same reader again (its node gave up and asks anew).
			Thread other = new Thread(() -> {
				duringHandOver.add(local.read(100, Duration.ofMillis(300)));
				a.localNode().readFor(opened.webSocketId(), "gone/1", 100, Duration.ofMillis(300), duringHandOver::add);
			});
			other.start();
			try {
				other.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			// Its node leaves meanwhile: the piece is not taken from the queue for that.
			a.localNode().readersGone("gone/");
			return false;
		});
		assertThat(duringHandOver).containsExactly(new ReadResult.Timeout(), new ReadResult.Timeout());
		assertThat(local.read(100, WAIT)).isEqualTo(new ReadResult.Text("first", true));
		assertThat(local.read(100, WAIT)).isEqualTo(new ReadResult.Text("second message", true));
	}

	@Test
	void whenTheNodeOfAReaderPartWayThroughAMessageLeavesTheRestIsDroppedAndOthersReadOn() {
		SharedSocket opened = a.connectShared("");
		opened.client().send("begun elsewhere");
		opened.client().send("next");
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		assertThat(remote.read(5, WAIT)).isEqualTo(new ReadResult.Text("begun", false));
		WebSocketServer local = a.sockets().openServer(opened.webSocketId());
		assertThat(local.read(100, Duration.ofMillis(200))).isInstanceOf(ReadResult.Timeout.class);
		assertThat(a.localNode().readersGone("b/")).isOne();
		assertThat(local.read(100, WAIT)).isEqualTo(new ReadResult.Text("next", true));
	}

	@Test
	void aResumeThatReachesAnotherNodeIsRefusedWith4010SayingThatTheSocketIsElsewhere() throws IOException {
		RawWebSocket home = RawWebSocket.open(a.uri("/").getPort(), "/csp/user/Test.Shared.cls?resumable&csp-resume=1");
		String[] hello = home.nextText().split(" ");
		b.awaitOpenServer(hello[1]);
		home.reset();
		try (RawWebSocket elsewhere = RawWebSocket.open(b.uri("/").getPort(),
				"/csp/user/Test.Shared.cls?csp-resume=1&csp-resume-id=" + hello[1])) {
			elsewhere.sendText("\u0000resume " + hello[2] + " 0");
			assertThat(elsewhere.awaitClose()).isEqualTo(new TestClient.Close(4010,
					"Resume refused: the socket is on another node: route a client to one node; start fresh"));
		}
		a.sockets().openServer(hello[1]).endServer();
	}

	@Test
	void endServerFromAnotherNodeClosesTheSocketAndItsServerEnds() {
		SharedSocket opened = a.connectShared("");
		WebSocketServer remote = b.awaitOpenServer(opened.webSocketId());
		remote.endServer();
		assertThat(opened.client().awaitClose().code()).isEqualTo(1000);
		await().atMost(WAIT).until(() -> !remote.isOpen());
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> remote.write("too late"))
			.withMessageContaining("no longer open on node a")
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(1006));
		assertThat(remote.read(Duration.ZERO)).isInstanceOf(ReadResult.Closed.class);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThatExceptionOfType(WebSocketNotFoundException.class)
				.isThrownBy(() -> b.sockets().openServer(opened.webSocketId())));
	}

	@Test
	void lookUpsByClassAndApplicationSpanTheClusterAndABroadcastReachesEveryNode() {
		String tag = "&tag=broadcast";
		SharedSocket onA = a.connectShared(tag);
		SharedSocket onB = b.connectShared(tag);
		Set<String> ids = Set.of(onA.webSocketId(), onB.webSocketId());
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(ids(a.sockets().openServersOfClass("Test.Shared"))).containsAll(ids);
			assertThat(ids(b.sockets().openServersOfClass(SharedServer.class))).containsAll(ids);
			assertThat(ids(b.sockets().openServersOfApplication("user"))).containsAll(ids);
		});
		assertThat(ids(b.sockets().openServersOfClass(CspWebSocket.class))).containsAll(ids);
		assertThat(ids(b.sockets().openServersOfApplication("secure"))).doesNotContainAnyElementsOf(ids);
		for (WebSocketServer server : b.sockets().openServersOfClass("Test.Shared")) {
			if (ids.contains(server.webSocketId())) {
				server.write("to all");
			}
		}
		assertThat(onA.client().nextText()).isEqualTo("to all");
		assertThat(onB.client().nextText()).isEqualTo("to all");
	}

	@Test
	void theSocketsOfAnHttpSessionAreFoundFromAnotherNode() throws Exception {
		HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(a.uri("/session")).build(),
				HttpResponse.BodyHandlers.ofString());
		// The cookie's value is not always the id (Jetty adds its worker's name).
		String sessionId = session.body();
		String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		TestClient client = TestClient.connect(a.uri("/csp/user/Test.Shared.cls?id"), Map.of("Cookie", cookie));
		String webSocketId = client.nextText();
		List<WebSocketServer> found = await().atMost(WAIT)
			.until(() -> b.sockets().openServersOfSession(sessionId), (servers) -> !servers.isEmpty());
		assertThat(ids(found)).containsExactly(webSocketId);
		assertThat(found.get(0).sessionId()).isEqualTo(sessionId);
		found.get(0).write("to the session");
		assertThat(client.nextText()).isEqualTo("to the session");
	}

	@Test
	void theStatusEndpointShowsEveryNodesSocketsWithTheirNode() throws Exception {
		SharedSocket onA = a.connectShared("");
		SharedSocket onB = b.connectShared("");
		await().atMost(WAIT).untilAsserted(() -> {
			String report = HTTP
				.send(HttpRequest.newBuilder(a.uri("/actuator/cspwebsockets?cluster=true&size=1000")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			assertThat(report).contains(onA.webSocketId(), onB.webSocketId(), "\"node\":\"b\"", "\"byNode\"");
		});
		String local = HTTP
			.send(HttpRequest.newBuilder(a.uri("/actuator/cspwebsockets?size=1000")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(local).contains(onA.webSocketId()).doesNotContain(onB.webSocketId());
		HttpResponse<Void> ended = HTTP.send(
				HttpRequest.newBuilder(a.uri("/actuator/cspwebsockets/" + onB.webSocketId())).DELETE().build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(ended.statusCode()).isEqualTo(204);
		assertThat(onB.client().awaitClose().code()).isEqualTo(1008);
	}

	@Test
	void theClusterHealthIsUpWithTheOtherNodeCounted() throws Exception {
		JsonNode cluster = ClusterNode.health(a).path("components").path("cspwebsocketsCluster");
		assertThat(cluster.path("status").asString()).isEqualTo("UP");
		assertThat(cluster.path("details").path("node").asString()).isEqualTo("a");
		assertThat(cluster.path("details").path("otherNodes").asInt()).isEqualTo(1);
	}

	private static Set<String> ids(List<WebSocketServer> servers) {
		return servers.stream().map(WebSocketServer::webSocketId).collect(Collectors.toSet());
	}

}
