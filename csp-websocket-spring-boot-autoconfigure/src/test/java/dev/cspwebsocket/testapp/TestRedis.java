package dev.cspwebsocket.testapp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import dev.cspwebsocket.test.TestClient;
import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis server on a free port of the loopback, for the cluster tests:
 * {@code redis-server} from the {@code PATH} when the machine has one, else the binary
 * shipped in {@code embedded-redis}. Nothing is saved to disk, so a restart starts empty,
 * as a Redis that lost its data does.
 *
 * @author csp-websocket-spring-boot
 */
public final class TestRedis implements AutoCloseable {

	private final int port;

	private final String executable;

	private Process process;

	private TestRedis(int port, String executable) {
		this.port = port;
		this.executable = executable;
	}

	/**
	 * Start a Redis server on a free port.
	 * @return the running server
	 */
	public static TestRedis start() {
		TestRedis redis = new TestRedis(ClusterNode.freePort(), executable());
		redis.restart();
		return redis;
	}

	/**
	 * The port it listens on, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/** Stop the server, as a crash would: clients see their connections reset. */
	public void stop() {
		if (this.process != null) {
			this.process.destroyForcibly();
			await().atMost(TestClient.DEADLINE).until(() -> !this.process.isAlive() && !accepts());
		}
	}

	/** Start the server again, on the same port, with no data. */
	public void restart() {
		try {
			this.process = new ProcessBuilder(this.executable, "--port", String.valueOf(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.executable, ex);
		}
		await().atMost(TestClient.DEADLINE).until(this::accepts);
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static String executable() {
		Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((directory) -> Path.of(directory, "redis-server"))
			.filter(Files::isExecutable)
			.findFirst();
		if (onPath.isPresent()) {
			return onPath.get().toString();
		}
		try {
			File shipped = ExecutableProvider.newJarResourceProvider().get();
			shipped.setExecutable(true);
			return shipped.getAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No redis-server on the PATH, and the one in embedded-redis cannot be used",
					ex);
		}
	}

}
