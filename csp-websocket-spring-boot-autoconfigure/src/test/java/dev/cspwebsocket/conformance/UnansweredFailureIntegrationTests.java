package dev.cspwebsocket.conformance;

import java.io.IOException;
import java.time.Duration;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that never answers the close of a connection failed for its protocol error:
 * the server ends the TCP connection within the send-time limit of its close frame, at
 * the latest (RFC 6455 7.1.1).
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.send-time-limit=1s")
class UnansweredFailureIntegrationTests extends ServerIntegrationTests {

	/** The send-time limit, and time for a loaded machine. */
	private static final Duration WITHIN = Duration.ofSeconds(1).plusSeconds(4);

	@Test
	void aClientThatNeverAnswersTheCloseOfAProtocolErrorIsDroppedWithinTheSendTimeLimit() throws IOException {
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls")) {
			client.sendText("before");
			assertThat(client.nextText()).isEqualTo("before");
			client.send(FIN | 0x3, true, utf8("hello"));
			assertThat(client.awaitClose().code()).isEqualTo(1002);
			assertThat(client.awaitServerEnd(WITHIN)).as("the server ends the connection within %s", WITHIN).isTrue();
		}
	}

}
