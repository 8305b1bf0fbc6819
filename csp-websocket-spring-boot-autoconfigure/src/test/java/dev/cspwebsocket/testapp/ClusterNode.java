package dev.cspwebsocket.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketNotFoundException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.cluster.LocalNode;
import dev.cspwebsocket.cluster.redis.RedisCspWebSocketsCluster;
import dev.cspwebsocket.engine.CspWebSocketsEngine;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * One node of a test cluster: the {@link TestApplication} on a port of its own, joined to
 * a {@link TestRedis}. In this JVM, or in a process of its own that a test can freeze and
 * kill.
 *
 * @author csp-websocket-spring-boot
 */
public final class ClusterNode implements AutoCloseable {

	/** How long a node stays registered after its last heartbeat. */
	public static final Duration TTL = Duration.ofSeconds(4);

	/** How long a request to another node may take. */
	public static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String id;

	private final int port;

	private final ConfigurableApplicationContext context;

	private final Process process;

	private ClusterNode(String id, int port, ConfigurableApplicationContext context, Process process) {
		this.id = id;
		this.port = port;
		this.context = context;
		this.process = process;
	}

	/**
	 * Start a node in this JVM.
	 * @param id the node id
	 * @param redis the cluster's Redis
	 * @return the running node
	 */
	public static ClusterNode start(String id, TestRedis redis) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties(properties(id, redis, 0).toArray(String[]::new))
			.run();
		int port = context.getBean(TestServer.class).port();
		return new ClusterNode(id, port, context, null);
	}

	/**
	 * Start a node in a process of its own, and wait until it serves.
	 * @param id the node id
	 * @param redis the cluster's Redis
	 * @return the running node
	 */
	public static ClusterNode startProcess(String id, TestRedis redis) {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path")));
		command.add(TestApplication.class.getName());
		properties(id, redis, port).forEach((property) -> command.add("--" + property));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			ClusterNode node = new ClusterNode(id, port, null, process);
			await().atMost(TestClient.DEADLINE.multipliedBy(3)).until(node::serves);
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> properties(String id, TestRedis redis, int port) {
		return List.of("server.port=" + port, "csp.websocket.cluster.enabled=true",
				"csp.websocket.cluster.node-id=" + id, "csp.websocket.cluster.ttl=" + TTL.toMillis() + "ms",
				"csp.websocket.cluster.request-timeout=" + REQUEST_TIMEOUT.toMillis() + "ms",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				// Longer than the request timeout: the cluster must bound its calls
				// itself.
				"spring.data.redis.timeout=5s", "spring.data.redis.listener.recovery.delay=200ms",
				"management.endpoints.web.exposure.include=cspwebsockets,health",
				"management.endpoint.health.show-details=always", "spring.main.banner-mode=off");
	}

	private boolean serves() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() > 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The node's health, as {@code /actuator/health} shows it with details.
	 * @param node the node
	 * @return the health document
	 */
	public static JsonNode health(ClusterNode node) {
		return get(node, "/actuator/health");
	}

	/**
	 * A JSON document from a node.
	 * @param node the node
	 * @param path the path and query
	 * @return the document
	 */
	public static JsonNode get(ClusterNode node, String path) {
		try {
			return JSON.readTree(
					HTTP.send(HttpRequest.newBuilder(node.uri(path)).build(), HttpResponse.BodyHandlers.ofString())
						.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String id() {
		return this.id;
	}

	/**
	 * An address on this node.
	 * @param path the path and query
	 * @return the URI, {@code ws:} for CSP paths
	 */
	public URI uri(String path) {
		return URI.create((path.startsWith("/csp/") ? "ws" : "http") + "://127.0.0.1:" + this.port + path);
	}

	/**
	 * Connect a client to a CSP server of this node.
	 * @param path the CSP path and query
	 * @return the connected client
	 */
	public TestClient connect(String path) {
		return TestClient.connect(uri(path));
	}

	/**
	 * Connect a client to a new shared socket of {@code Test.Shared} on this node, which
	 * tells the client its id first.
	 * @param query more query parameters, each beginning with {@code &}
	 * @return the client and the socket's id
	 */
	public SharedSocket connectShared(String query) {
		TestClient client = connect("/csp/user/Test.Shared.cls?id" + query);
		return new SharedSocket(client, client.nextText());
	}

	/**
	 * Open a socket by id from this node, once the cluster has registered it for other
	 * nodes to find.
	 * @param webSocketId the socket's id
	 * @return the socket, opened within the test deadline
	 */
	public WebSocketServer awaitOpenServer(String webSocketId) {
		return await().atMost(TestClient.DEADLINE)
			.ignoreException(WebSocketNotFoundException.class)
			.until(() -> sockets().openServer(webSocketId), (server) -> true);
	}

	public CspWebSockets sockets() {
		return this.context.getBean(CspWebSockets.class);
	}

	public LocalNode localNode() {
		return this.context.getBean(CspWebSocketsEngine.class).localNode();
	}

	public RedisCspWebSocketsCluster cluster() {
		return this.context.getBean(RedisCspWebSocketsCluster.class);
	}

	/**
	 * The node's meters.
	 * @return the registry
	 */
	public MeterRegistry meters() {
		return this.context.getBean(MeterRegistry.class);
	}

	/** Pause the node's process, as a node that hangs: it keeps its connections. */
	public void freeze() {
		signal("STOP");
	}

	/** Kill the node's process without letting it shut down. */
	public void kill() {
		this.process.destroyForcibly();
		await().atMost(TestClient.DEADLINE).until(() -> !this.process.isAlive());
	}

	private void signal(String signal) {
		try {
			int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill -" + signal + " failed with " + exit);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

	/**
	 * A shared socket's client, and the socket's id as its server told it.
	 *
	 * @param client the client
	 * @param webSocketId the id
	 */
	public record SharedSocket(TestClient client, String webSocketId) {
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
