package dev.cspwebsocket.test;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.core.env.Environment;

/**
 * The running application as its clients reach it: its port, read from the environment
 * once the server has started, its {@code ws:} and {@code http:} addresses on
 * {@code localhost}, and {@link TestClient}s connected to it. A bean in a
 * {@link CspWebSocketTest}. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class TestServer {

	private final Environment environment;

	/**
	 * Create the server's view for a context's environment.
	 * @param environment the environment, where the server publishes its port
	 */
	public TestServer(Environment environment) {
		this.environment = environment;
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 * @throws IllegalStateException if the server has not started yet
	 */
	public int port() {
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException("The server has not started: local.server.port is not set");
		}
		return Integer.parseInt(port);
	}

	/**
	 * A WebSocket address on the server.
	 * @param pathAndQuery the path and query, starting with {@code /}
	 * @return the {@code ws:} URI
	 */
	public URI uri(String pathAndQuery) {
		return URI.create("ws://localhost:" + port() + pathAndQuery);
	}

	/**
	 * An HTTP address on the server.
	 * @param pathAndQuery the path and query, starting with {@code /}
	 * @return the {@code http:} URI
	 */
	public URI http(String pathAndQuery) {
		return URI.create("http://localhost:" + port() + pathAndQuery);
	}

	/**
	 * Connect a client, waiting for its handshake.
	 * @param pathAndQuery the path and query, starting with {@code /}
	 * @return the connected client
	 */
	public TestClient connect(String pathAndQuery) {
		return TestClient.connect(uri(pathAndQuery));
	}

	/**
	 * Connect a client with extra handshake headers, offering the given subprotocols,
	 * waiting for its handshake.
	 * @param pathAndQuery the path and query, starting with {@code /}
	 * @param headers the extra headers
	 * @param subprotocols the subprotocols to offer
	 * @return the connected client
	 */
	public TestClient connect(String pathAndQuery, Map<String, String> headers, String... subprotocols) {
		return TestClient.connect(uri(pathAndQuery), headers, subprotocols);
	}

	/**
	 * Start connecting a client.
	 * @param pathAndQuery the path and query, starting with {@code /}
	 * @return the future client
	 */
	public CompletableFuture<TestClient> connectAsync(String pathAndQuery) {
		return TestClient.connectAsync(uri(pathAndQuery));
	}

	/**
	 * Start connecting a client with extra handshake headers, offering the given
	 * subprotocols.
	 * @param pathAndQuery the path and query, starting with {@code /}
	 * @param headers the extra headers
	 * @param subprotocols the subprotocols to offer
	 * @return the future client
	 */
	public CompletableFuture<TestClient> connectAsync(String pathAndQuery, Map<String, String> headers,
			String... subprotocols) {
		return TestClient.connectAsync(uri(pathAndQuery), headers, subprotocols);
	}

}
