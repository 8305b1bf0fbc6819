package dev.cspwebsocket.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.OpenServers;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared sockets on a container that runs on virtual threads: {@code onClientMessage()}
 * runs on the container's thread that received the message, still one callback at a time
 * per socket and in arrival order.
 *
 * @author csp-websocket-spring-boot
 */
// Virtual request threads are a servlet container's; Netty's event loops are not.
@Tag("servlet")
@EnabledForJreRange(min = JRE.JAVA_21)
@CspServerTest(properties = "spring.threads.virtual.enabled=true")
class VirtualContainerThreadIntegrationTests {

	private static final Duration WAIT = TestClient.DEADLINE;

	@Autowired
	ServerEvents events;

	@Autowired
	OpenServers servers;

	@Autowired
	CspWebSockets sockets;

	@Test
	void onClientMessageRunsOnTheVirtualThreadThatReceivedTheMessageInArrivalOrderOneAtATime() {
		List<TestClient> clients = new ArrayList<>();
		List<String> sent = IntStream.range(0, 300).mapToObj((i) -> "message " + i).toList();
		for (int c = 0; c < 20; c++) {
			clients.add(this.servers.connect("Test.Consuming", "virtual-" + c));
		}
		// Twenty sockets at once, so that callbacks of different sockets do run together.
		sent.forEach((message) -> clients.forEach((client) -> client.send(message)));
		for (int c = 0; c < clients.size(); c++) {
			ServerEvents.Seen seen = this.events.of("virtual-" + c);
			await().atMost(WAIT).until(() -> seen.clientMessages.size() == sent.size());
			assertThat(seen.clientMessages).containsExactlyElementsOf(sent);
			assertThat(seen.clientMessageOnVirtualThread).isTrue();
			assertThat(seen.clientMessageThread).doesNotStartWith("csp-ws-shared-");
			clients.get(c).close(1000, "");
			await().atMost(WAIT).until(() -> seen.postServer.get() == 1);
			assertThat(seen.callbacks).startsWith("server").endsWith("post").hasSize(sent.size() + 2);
			assertThat(seen.callbacksOverlapped).isFalse();
		}
	}

	@Test
	void messagesThatArriveWhileAnotherCallbackRunsWaitForItAndFollowOnTheSharedPool() {
		TestClient client = this.servers.connect("Test.Consuming", "behind-server&gated");
		ServerEvents.Seen seen = this.events.of("behind-server");
		// server() holds the socket's callbacks: what arrives meanwhile queues behind it.
		await().atMost(WAIT).until(() -> seen.inCallback.get() == 1);
		List<String> sent = IntStream.range(0, 50).mapToObj((i) -> "queued " + i).toList();
		sent.forEach(client::send);
		await().atMost(WAIT)
			.until(() -> this.sockets.describe(seen.webSocketId).orElseThrow().inboundQueued() == sent.size());
		seen.gate.countDown();
		await().atMost(WAIT).until(() -> seen.clientMessages.size() == sent.size());
		assertThat(seen.callbacks.get(0)).isEqualTo("server");
		assertThat(seen.clientMessages).containsExactlyElementsOf(sent);
		assertThat(seen.clientMessageThread).startsWith("csp-ws-shared-");
		assertThat(seen.callbacksOverlapped).isFalse();
		client.close(1000, "");
		await().atMost(WAIT).until(() -> seen.postServer.get() == 1);
	}

}
