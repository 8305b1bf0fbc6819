package dev.cspwebsocket.close;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that closes while its server is about to answer: the answer's write throws
 * {@link WebSocketClosedException}, and the server ends as for any close, with nothing
 * logged as an error and no claim of 1011.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
@ExtendWith(OutputCaptureExtension.class)
class ClientLeavesIntegrationTests {

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Autowired
	CspWebSockets sockets;

	@Test
	void aDedicatedServerWritingToTheSocketItsClientClosedEndsQuietly(CapturedOutput output) {
		TestClient client = this.server.connect("/csp/user/Test.Echo.cls?tag=left-dedicated&gated");
		ServerEvents.Seen seen = this.events.of("left-dedicated");
		client.send("hello");
		closeAndAwaitClosed(client, seen);
		// The server reads "hello", which came before the close, and echoes it.
		seen.gate.countDown();
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("1011");
	}

	@Test
	void aSharedServerWritingToTheSocketItsClientClosedEndsQuietly(CapturedOutput output) {
		TestClient client = this.server.connect("/csp/user/Test.Consuming.cls?tag=left-shared");
		ServerEvents.Seen seen = this.events.of("left-shared");
		client.send("echo-late");
		await().atMost(TestClient.DEADLINE).until(() -> seen.clientMessages.contains("echo-late"));
		closeAndAwaitClosed(client, seen);
		seen.gate.countDown();
		await().atMost(TestClient.DEADLINE).until(() -> seen.callbacks.contains("post"));
		assertThat(seen.callbacks).containsExactly("server", "echo-late", "post");
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("1011");
	}

	private void closeAndAwaitClosed(TestClient client, ServerEvents.Seen seen) {
		await().atMost(TestClient.DEADLINE).until(() -> seen.webSocketId != null);
		client.close(1000, "Bye");
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.describe(seen.webSocketId).isEmpty());
	}

}
