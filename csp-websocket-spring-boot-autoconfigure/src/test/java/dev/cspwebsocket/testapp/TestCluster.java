package dev.cspwebsocket.testapp;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.test.TestClient;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis and nodes of the {@link TestApplication} joined to it in this JVM, started
 * once every node knows every other. Not thread-safe: started and closed by one thread.
 *
 * @author csp-websocket-spring-boot
 */
public final class TestCluster implements AutoCloseable {

	private final TestRedis redis;

	private final List<ClusterNode> nodes = new ArrayList<>();

	private TestCluster(TestRedis redis) {
		this.redis = redis;
	}

	/**
	 * Start Redis and the nodes, and wait until each has heard of all the others.
	 * @param nodeIds the ids of the nodes
	 * @return the running cluster
	 */
	public static TestCluster start(String... nodeIds) {
		TestCluster cluster = new TestCluster(TestRedis.start());
		try {
			for (String id : nodeIds) {
				cluster.nodes.add(ClusterNode.start(id, cluster.redis));
			}
			await().atMost(TestClient.DEADLINE)
				.until(() -> cluster.nodes.stream()
					.allMatch((node) -> node.cluster().otherNodes() == nodeIds.length - 1));
		}
		catch (RuntimeException | Error ex) {
			try {
				cluster.close();
			}
			catch (RuntimeException closing) {
				ex.addSuppressed(closing);
			}
			throw ex;
		}
		return cluster;
	}

	public TestRedis redis() {
		return this.redis;
	}

	/**
	 * A node of the cluster.
	 * @param id its id
	 * @return the node
	 */
	public ClusterNode node(String id) {
		return this.nodes.stream()
			.filter((node) -> node.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node " + id + " in this cluster"));
	}

	/** Stop every node, then Redis, even when stopping one fails. */
	@Override
	public void close() {
		RuntimeException failed = null;
		for (int i = this.nodes.size() - 1; i >= 0; i--) {
			try {
				this.nodes.get(i).close();
			}
			catch (RuntimeException ex) {
				if (failed == null) {
					failed = ex;
				}
				else {
					failed.addSuppressed(ex);
				}
			}
		}
		this.redis.close();
		if (failed != null) {
			throw failed;
		}
	}

}
