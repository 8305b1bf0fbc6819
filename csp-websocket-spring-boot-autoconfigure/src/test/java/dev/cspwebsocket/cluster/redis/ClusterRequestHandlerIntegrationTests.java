package dev.cspwebsocket.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ClusterNode;
import dev.cspwebsocket.testapp.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClusterRequestHandler}: a piece read for another node counts only once
 * that node confirms it.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterRequestHandlerIntegrationTests {

	static TestRedis redis;

	static ClusterNode node;

	@BeforeAll
	static void startANode() {
		redis = TestRedis.start();
		node = ClusterNode.start("solo", redis);
	}

	@AfterAll
	static void stopIt() {
		node.close();
		redis.close();
	}

	@Test
	void aPieceTheAskerDoesNotConfirmGoesBackAndAConfirmedOneIsGone() {
		TestClient client = node.connect("/csp/user/Test.Shared.cls?id");
		String webSocketId = client.nextText();
		client.send("one");
		client.send("two");
		await().atMost(TestClient.DEADLINE)
			.until(() -> node.sockets().describe(webSocketId).orElseThrow().inboundQueued() == 2);
		List<ClusterReply> answers = new CopyOnWriteArrayList<>();
		ClusterRequestHandler[] handler = new ClusterRequestHandler[1];
		// The asker gets every answer, and confirms only what it is told to.
		boolean[] confirm = { false };
		handler[0] = new ClusterRequestHandler(node.localNode(), (asker, reply) -> {
			answers.add(reply);
			if (confirm[0]) {
				new Thread(() -> handler[0].handle(ClusterRequest.of(ClusterRequest.Operation.READ_TAKEN)
					.addressed(reply.requestId(), "asker", ""))).start();
			}
			return true;
		}, Duration.ofMillis(300));
		ClusterRequest read = ClusterRequest.of(ClusterRequest.Operation.READ).withText("asker/1").withRead(100, 1000);

		handler[0].handle(read.addressed(1, "asker", webSocketId));
		confirm[0] = true;
		handler[0].handle(read.addressed(2, "asker", webSocketId));
		handler[0].handle(read.addressed(3, "asker", webSocketId));

		assertThat(answers).extracting((reply) -> ((ClusterReply.Read) reply).result())
			.containsExactly(new ReadResult.Text("one", true), new ReadResult.Text("one", true),
					new ReadResult.Text("two", true));
	}

}
