package dev.cspwebsocket.aot;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in AOT mode on the JVM, on the server of the test classpath (Tomcat, Jetty
 * or Reactor Netty, as the surefire execution makes it): the {@link AotApplication} is
 * run through Spring Boot's AOT processing, its generated sources are compiled, and it is
 * started from them with {@code spring.aot.enabled=true}, as
 * {@code spring-boot:process-aot} and {@code java -Dspring.aot.enabled=true -jar} would,
 * then reached over a WebSocket. Processing and the application run in processes of their
 * own, with this JVM's classpath: the generated classes must share packages and a class
 * loader with the classes they call, and processing runs the application's {@code main}.
 * Their output and what they generate stay in {@code target/aot-mode/<server>}.
 *
 * @author csp-websocket-spring-boot
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AotModeIntegrationTests {

	private static final Duration PROCESSING = Duration.ofMinutes(3);

	private static final Duration START = Duration.ofSeconds(90);

	/** The user of the tests' {@code application.properties}. */
	private static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString("ada:lovelace".getBytes(StandardCharsets.UTF_8));

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final Path work = Path.of("target", "aot-mode", server());

	private final Path resources = this.work.resolve("resources");

	private final int port = freePort();

	private Process application;

	@BeforeAll
	void processAheadOfTimeAndStartFromTheGeneratedCode() throws Exception {
		FileSystemUtils.deleteRecursively(this.work);
		Path sources = this.work.resolve("sources");
		Path classes = this.work.resolve("classes");
		Process processing = java(this.work.resolve("process-aot.log"), System.getProperty("java.class.path"),
				SpringApplicationAotProcessor.class.getName(), AotApplication.class.getName(), sources.toString(),
				this.resources.toString(), classes.toString(), "dev.cspwebsocket", "aot-mode");
		boolean ended = processing.waitFor(PROCESSING.toSeconds(), TimeUnit.SECONDS);
		if (!ended) {
			processing.destroyForcibly();
		}
		assertThat(ended).as("AOT processing ended in time").isTrue();
		assertThat(processing.exitValue()).as("AOT processing: %s", this.work.resolve("process-aot.log")).isZero();
		compile(sources, classes);
		String classpath = String.join(File.pathSeparator, classes.toString(), this.resources.toString(),
				System.getProperty("java.class.path"));
		this.application = java(this.work.resolve("application.log"), classpath, "-Dspring.aot.enabled=true",
				AotApplication.class.getName(), "--server.port=" + this.port, "--spring.main.banner-mode=off");
		await().atMost(START).until(this::serves);
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.application != null) {
			this.application.destroy();
			if (!this.application.waitFor(30, TimeUnit.SECONDS)) {
				this.application.destroyForcibly();
			}
		}
	}

	@Test
	void aServerStartedFromTheGeneratedCodeAnswersThroughItsInheritedOnClientMessage() {
		TestClient client = TestClient.connect(URI.create("ws://127.0.0.1:" + this.port + "/csp/user/Aot.Echo.cls"),
				Map.of("Authorization", AUTHORIZATION));
		client.send("hello");
		assertThat(client.nextText()).isEqualTo("hello aot=true generated=true");
		client.close(1000, "");
	}

	@Test
	void theJavaScriptClientIsServed() throws Exception {
		HttpResponse<String> response = HTTP.send(request("/csp-websocket/client.js"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isNotEmpty();
	}

	@Test
	void theGeneratedHintsCoverTheStartersReflectionProxiesAndResources() {
		Set<String> hints = generatedHints();
		// The bean's superclass, by the starter's AOT processor.
		assertThat(hints).contains(ReplyingServer.class.getName(), CspWebSocket.class.getName(),
				"java.lang.Thread#isVirtual", "glob:dev/cspwebsocket/client/*");
		boolean servlet = ClassUtils.isPresent("jakarta.servlet.http.HttpSession", null);
		assertThat(hints.contains("proxy:[jakarta.servlet.http.HttpSession]")).isEqualTo(servlet);
	}

	/**
	 * The reachability metadata that processing wrote, as type names, their methods
	 * ({@code type#method}), proxies ({@code proxy:[interfaces]}) and resource globs
	 * ({@code glob:pattern}).
	 */
	private Set<String> generatedHints() {
		Path file = this.resources
			.resolve("META-INF/native-image/dev.cspwebsocket/aot-mode/reachability-metadata.json");
		JsonNode metadata = JsonMapper.builder().build().readTree(file.toFile());
		Set<String> hints = new HashSet<>();
		for (JsonNode entry : metadata.path("reflection")) {
			JsonNode type = entry.path("type");
			if (type.has("proxy")) {
				List<String> interfaces = new ArrayList<>();
				type.path("proxy").forEach((name) -> interfaces.add(name.asString()));
				hints.add("proxy:" + interfaces);
			}
			else {
				hints.add(type.asString());
				entry.path("methods")
					.forEach((method) -> hints.add(type.asString() + "#" + method.path("name").asString()));
			}
		}
		metadata.path("resources").forEach((resource) -> hints.add("glob:" + resource.path("glob").asString()));
		return hints;
	}

	private boolean serves() throws InterruptedException {
		assertThat(this.application.isAlive()).as("the application runs: %s", this.work.resolve("application.log"))
			.isTrue();
		try {
			return HTTP.send(request("/csp-websocket/client.js"), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", AUTHORIZATION)
			.build();
	}

	/** Compile the generated sources, against the classes they were generated from. */
	private static void compile(Path sources, Path classes) throws IOException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
				System.getProperty("java.class.path"), "-proc:none", "-nowarn", "-encoding", "UTF-8"));
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> arguments.add(file.toString()));
		}
		Path log = sources.resolveSibling("javac.log");
		try (var out = Files.newOutputStream(log)) {
			int exit = javac.run(null, out, out, arguments.toArray(String[]::new));
			assertThat(exit).as("javac of the generated sources: %s", log).isZero();
		}
	}

	/** Start a JVM like this one: its output goes to {@code log}. */
	private static Process java(Path log, String classpath, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-cp", classpath));
		command.addAll(List.of(arguments));
		Files.createDirectories(log.getParent());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/** The server of this surefire execution's classpath, which names the work folder. */
	private static String server() {
		if (ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null)) {
			return "tomcat";
		}
		return ClassUtils.isPresent("org.eclipse.jetty.server.Server", null) ? "jetty" : "reactor-netty";
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
