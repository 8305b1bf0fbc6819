package dev.cspwebsocket;

import java.io.IOException;
import java.util.Base64;
import java.util.List;

import dev.cspwebsocket.test.RawWebSocket;
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
 * A socket id is a key to its socket: the logs above DEBUG name sockets by the first six
 * characters of their ids only, also when they report failures and limits. (That ids are
 * unguessable is checked by {@code SocketIdsTests}.) (That no meter tag holds an id is
 * checked by {@code MetricsIntegrationTests}.)
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.shared.max-queued-messages=5")
@ExtendWith(OutputCaptureExtension.class)
class SocketIdSecrecyIntegrationTests {

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Test
	void theLogsNameASocketByItsIdsFirstSixCharactersOnlyWhenTheyReportFailuresAndLimits(CapturedOutput output)
			throws IOException {
		String failingServer = close("/csp/user/Test.Echo.cls?tag=secret-server", 1011, "fail");
		String failingCallback = close("/csp/user/Test.Consuming.cls?tag=secret-callback", 1011, "fail");
		String overflowing = close("/csp/user/Test.Shared.cls?tag=secret-overflow", 1008, "1", "2", "3", "4", "5", "6");
		List<String> ids = List.of(failingServer, failingCallback, overflowing);
		assertThat(ids).allSatisfy((id) -> assertThat(Base64.getUrlDecoder().decode(id)).hasSize(20));
		// The reports are there, each naming its socket by the first six characters.
		await().atMost(TestClient.DEADLINE)
			.untilAsserted(() -> assertThat(output.getAll()).contains(ids.stream().map(WebSocketIds::shown).toList()));
		assertThat(output.getAll()).contains("ERROR", "WARN").doesNotContain(ids);
	}

	/** Send messages on a new socket, check its close code, and return its id. */
	private String close(String path, int code, String... messages) throws IOException {
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), path)) {
			for (String message : messages) {
				client.sendText(message);
			}
			assertThat(client.awaitClose().code()).isEqualTo(code);
		}
		ServerEvents.Seen seen = this.events.of(path.substring(path.indexOf("tag=") + 4));
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		return seen.webSocketId;
	}

}
