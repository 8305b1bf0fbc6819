package dev.cspwebsocket.close;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.testapp.RawSockets;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.concat;
import static dev.cspwebsocket.test.RawWebSocket.frame;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A valid message, then a frame that breaks the protocol, then a ping, in one write, as
 * Autobahn's cases 3.3, 3.4, 4.1.3, 4.1.5, 4.2.3 and 4.2.4 send them: the server answers
 * the message before the connection fails with 1002, and does not answer the ping. On
 * many sockets at once, in both modes; on Tomcat and Jetty (Reactor Netty answers the bad
 * frame first when it comes in the same read as the message: its part of issue 29).
 *
 * @author csp-websocket-spring-boot
 */
class AnswersBeforeAProtocolErrorIntegrationTests extends ServerIntegrationTests {

	private static final int SOCKETS = 50;

	/**
	 * The server classes, dedicated and shared, and the frame that breaks the protocol.
	 */
	static Stream<Arguments> serversAndBadFrames() {
		List<Arguments> cases = new ArrayList<>();
		for (String serverClass : List.of("Test.Echo", "Test.Consuming")) {
			cases.add(bad(serverClass, "reserved bits 3", FIN | 0x30 | TEXT));
			cases.add(bad(serverClass, "reserved bit 4", FIN | 0x40 | TEXT));
			cases.add(bad(serverClass, "the reserved data opcode 5", FIN | 0x5));
			cases.add(bad(serverClass, "the reserved data opcode 7", FIN | 0x7));
			cases.add(bad(serverClass, "the reserved control opcode 13", FIN | 0xD));
			cases.add(bad(serverClass, "the reserved control opcode 14", FIN | 0xE));
		}
		return cases.stream();
	}

	private static Arguments bad(String serverClass, String name, int firstByte) {
		return Arguments.of(serverClass, Named.of(name, frame(firstByte, true, utf8("bad"))));
	}

	@ParameterizedTest(name = "{0}: a message, then {1}")
	@MethodSource("serversAndBadFrames")
	void theMessageBeforeAProtocolErrorIsAnsweredBeforeTheConnectionFails(String serverClass, byte[] badFrame)
			throws IOException {
		RawSockets clients = RawSockets.open(this.server.port(), serverClass, SOCKETS);
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.get(socket)
					.sendRaw(concat(frame(FIN | TEXT, true, utf8("echo:" + socket)), badFrame,
							frame(FIN | PING, true, utf8("ping"))));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				RawWebSocket client = clients.get(socket);
				assertThat(client.nextFrameTold()).as("the first frame on socket %d", socket)
					.isEqualTo("text echo:" + socket);
				assertThat(client.nextFrameTold()).as("the next frame on socket %d", socket)
					.matches("close 1002( .*)?");
			}
		}
		finally {
			clients.close();
		}
		clients.awaitServersEnded(this.events);
	}

}
