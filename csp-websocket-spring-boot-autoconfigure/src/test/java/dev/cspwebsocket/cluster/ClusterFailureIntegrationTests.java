package dev.cspwebsocket.cluster;

import java.time.Duration;

import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketNotFoundException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ClusterNode;
import dev.cspwebsocket.testapp.ClusterNode.SharedSocket;
import dev.cspwebsocket.testapp.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What a cluster does when a node hangs, dies, or shuts down, and when Redis goes away
 * and comes back: each test on a Redis and nodes of its own.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterFailureIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	private static final Duration TTL = ClusterNode.TTL;

	private static final Duration REQUEST_TIMEOUT = ClusterNode.REQUEST_TIMEOUT;

	private TestRedis redis;

	private ClusterNode a;

	private ClusterNode other;

	@BeforeEach
	void startRedisAndANode() {
		this.redis = TestRedis.start();
		this.a = ClusterNode.start("a", this.redis);
	}

	@AfterEach
	void stopEverything() {
		if (this.other != null) {
			this.other.close();
		}
		this.a.close();
		this.redis.close();
	}

	@Test
	void aHungNodeFailsARemoteWriteWithinTheRequestTimeoutAndOnceKilledLeavesTheRegistryWithinTheTtl() {
		this.other = ClusterNode.startProcess("c", this.redis);
		SharedSocket onC = this.other.connectShared("");
		WebSocketServer remote = this.a.awaitOpenServer(onC.webSocketId());
		remote.write("alive");
		assertThat(onC.client().nextText()).isEqualTo("alive");
		this.other.freeze();
		long start = System.nanoTime();
		assertThatExceptionOfType(WebSocketClusterException.class).isThrownBy(() -> remote.write("lost?"))
			.withMessageContaining("No answer from node c")
			.withMessageContaining("was not confirmed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUEST_TIMEOUT.plusSeconds(1));
		long frozen = System.nanoTime();
		this.other.kill();
		await().atMost(TTL.plus(WAIT))
			.untilAsserted(() -> assertThatExceptionOfType(WebSocketNotFoundException.class)
				.isThrownBy(() -> this.a.sockets().openServer(onC.webSocketId())));
		// Its last heartbeat was at most a third of the TTL before it froze.
		assertThat(Duration.ofNanos(System.nanoTime() - frozen)).isLessThan(TTL.plusSeconds(2));
		await().atMost(WAIT).until(() -> this.a.cluster().otherNodes() == 0);
	}

	@Test
	void aNodeThatShutsDownCleanlyLeavesTheRegistryAtOnce() {
		this.other = ClusterNode.start("d", this.redis);
		SharedSocket onD = this.other.connectShared("");
		this.a.awaitOpenServer(onD.webSocketId());
		this.other.close();
		assertThatExceptionOfType(WebSocketNotFoundException.class)
			.isThrownBy(() -> this.a.sockets().openServer(onD.webSocketId()));
		assertThat(onD.client().awaitClose().code()).isEqualTo(1001);
		this.other = null;
	}

	@Test
	void whileRedisIsDownLocalSocketsWorkRemoteOnesFailFastAndHealthIsDownThenTheNodesRecoverByThemselves() {
		this.other = ClusterNode.start("b", this.redis);
		SharedSocket onA = this.a.connectShared("");
		SharedSocket onB = this.other.connectShared("");
		WebSocketServer remote = this.a.awaitOpenServer(onB.webSocketId());

		this.redis.stop();
		this.a.sockets().openServer(onA.webSocketId()).write("local still works");
		assertThat(onA.client().nextText()).isEqualTo("local still works");
		SharedSocket openedDuringOutage = this.a.connectShared("");
		assertThatExceptionOfType(WebSocketClusterException.class).isThrownBy(() -> remote.write("first"));
		await().atMost(WAIT)
			.until(() -> "DOWN".equals(ClusterNode.health(this.a)
				.path("components")
				.path("cspwebsocketsCluster")
				.path("status")
				.asString()));
		long start = System.nanoTime();
		assertThatExceptionOfType(WebSocketClusterException.class).isThrownBy(() -> remote.write("fast"))
			.withMessageContaining("Redis")
			.withMessageContaining("this node's own sockets keep working");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUEST_TIMEOUT);
		assertThatExceptionOfType(WebSocketClusterException.class)
			.isThrownBy(() -> this.a.sockets().openServersOfClass("Test.Shared"))
			.satisfies((ex) -> assertThat(ex.localServers()).extracting(WebSocketServer::webSocketId)
				.contains(onA.webSocketId(), openedDuringOutage.webSocketId()));
		JsonNode view = ClusterNode.get(this.a, "/actuator/cspwebsockets?cluster=true");
		assertThat(view.path("summary").path("clusterError").asString()).contains("Redis");
		assertThat(view.path("sockets").findValuesAsString("id")).contains(onA.webSocketId());

		this.redis.restart();
		await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			this.a.sockets().openServer(onB.webSocketId()).write("back");
			assertThat(onB.client().nextText()).isEqualTo("back");
		});
		await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			this.other.sockets().openServer(openedDuringOutage.webSocketId()).write("registered again");
			assertThat(openedDuringOutage.client().nextText()).isEqualTo("registered again");
		});
		assertThat(ClusterNode.health(this.a).path("components").path("cspwebsocketsCluster").path("status").asString())
			.isEqualTo("UP");
	}

}
