package dev.cspwebsocket.demo;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's log, with its tracer: the chat server's lines show the trace of the
 * handshake that opened the socket, and the socket's short id and server class, from
 * {@code server()} on the shared pool to {@code onPostServer()}.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfigureTracing
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ChatLogTraceTests {

	/**
	 * {@code [trace,span] [short id server class]}, as application.properties sets it.
	 */
	private static final Pattern CONTEXT = Pattern
		.compile("\\[([0-9a-f]{16,32}),([0-9a-f]{16})\\] \\[(\\S+…) MyApp\\.ChatServer\\]");

	@LocalServerPort
	int port;

	@Test
	void theChatServersLogLinesShowTheTraceOfTheirSocketsHandshakeAndTheSocketsId(CapturedOutput output) {
		TestClient client = TestClient
			.connect(URI.create("ws://localhost:" + this.port + "/csp/user/MyApp.ChatServer.cls?name=tracy"));
		assertThat(client.nextText()).isEqualTo("tracy joined");
		client.close(1000, "");
		String left = await().until(() -> line(output, "tracy left the chat"), (line) -> line != null);
		Matcher leaving = CONTEXT.matcher(left);
		Matcher joining = CONTEXT.matcher(line(output, "tracy joined the chat"));
		assertThat(leaving.find()).as(left).isTrue();
		assertThat(joining.find()).isTrue();
		assertThat(joining.group(1)).as("one trace, the handshake's").isEqualTo(leaving.group(1));
		assertThat(joining.group(3)).as("one socket").isEqualTo(leaving.group(3));
	}

	private static String line(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).findFirst().orElse(null);
	}

}
