package dev.cspwebsocket.close;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		return Arguments.of(serverClass, Named.of(name, RawWebSocket.frame(firstByte, true, utf8("bad"))));
	}

	@ParameterizedTest(name = "{0}: a message, then {1}")
	@MethodSource("serversAndBadFrames")
	void theMessageBeforeAProtocolErrorIsAnsweredBeforeTheConnectionFails(String serverClass, byte[] badFrame)
			throws IOException {
		String tag = "answer-before-error-" + System.nanoTime() + "-";
		List<RawWebSocket> clients = new ArrayList<>();
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.add(
						RawWebSocket.open(this.server.port(), "/csp/user/" + serverClass + ".cls?tag=" + tag + socket));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				bytes.writeBytes(RawWebSocket.frame(FIN | TEXT, true, utf8("echo:" + socket)));
				bytes.writeBytes(badFrame);
				bytes.writeBytes(RawWebSocket.frame(FIN | PING, true, utf8("ping")));
				clients.get(socket).sendRaw(bytes.toByteArray());
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				RawWebSocket client = clients.get(socket);
				assertThat(nextFrame(client)).as("the first frame on socket %d", socket)
					.isEqualTo("text echo:" + socket);
				assertThat(nextFrame(client)).as("the next frame on socket %d", socket).isEqualTo("close 1002");
			}
		}
		finally {
			for (RawWebSocket client : clients) {
				client.close();
			}
		}
		for (int socket = 0; socket < SOCKETS; socket++) {
			ServerEvents.Seen seen = this.events.of(tag + socket);
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	/**
	 * The next frame from the server, told as a word: "text" and its text, "close" and
	 * its code, "ping" or "pong", or "dropped" when the connection ends without a close
	 * frame.
	 */
	private static String nextFrame(RawWebSocket client) throws IOException {
		RawWebSocket.Frame frame;
		try {
			frame = client.readFrame();
		}
		catch (EOFException | SocketException ex) {
			return "dropped";
		}
		byte[] payload = frame.payload();
		return switch (frame.opcode()) {
			case TEXT -> "text " + new String(payload, StandardCharsets.UTF_8);
			case RawWebSocket.CLOSE ->
				"close " + ((payload.length >= 2) ? ((payload[0] & 0xFF) << 8 | payload[1] & 0xFF) : 1005);
			case PING -> "ping";
			case RawWebSocket.PONG -> "pong";
			default -> "opcode " + frame.opcode();
		};
	}

}
