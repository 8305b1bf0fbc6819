package dev.cspwebsocket.close;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.cspwebsocket.test.RawWebSocket.CLOSE;
import static dev.cspwebsocket.test.RawWebSocket.CONTINUATION;
import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that sends another frame right after its close frame, as Autobahn's cases
 * 7.1.2 to 7.1.5 do (a second close, a ping, a text message, the rest of a fragmented
 * message): the server ignores what follows the close and answers the close with a close
 * frame, never dropping the connection without one. Each in one write, on many sockets at
 * once, so that the frame behind the close reaches the server before its answer; in both
 * modes.
 *
 * @author csp-websocket-spring-boot
 */
class CloseThenAnotherFrameIntegrationTests extends ServerIntegrationTests {

	private static final int SOCKETS = 50;

	private static final TestClient.Close BYE = new TestClient.Close(1000, "bye");

	/**
	 * The server classes, dedicated and shared, and what comes around the close: Autobahn
	 * 7.1.5 begins a message before it, and ends it after.
	 */
	static Stream<Arguments> serversAndFollowers() {
		byte[] nothing = new byte[0];
		List<Arguments> cases = new ArrayList<>();
		for (String serverClass : List.of("Test.Echo", "Test.Consuming")) {
			cases.add(Arguments.of(serverClass, Named.of("a second close", new Around(nothing, closeFrame()))));
			cases.add(Arguments.of(serverClass,
					Named.of("a ping", new Around(nothing, RawWebSocket.frame(FIN | PING, true, utf8("ping"))))));
			cases.add(Arguments.of(serverClass, Named.of("a text message",
					new Around(nothing, RawWebSocket.frame(FIN | TEXT, true, utf8("echo:after the close"))))));
			cases.add(Arguments.of(serverClass,
					Named.of("the rest of a fragmented message begun before it",
							new Around(RawWebSocket.frame(TEXT, true, utf8("echo:begun")),
									RawWebSocket.frame(FIN | CONTINUATION, true, utf8(" and ended"))))));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: the close, then {1}")
	@MethodSource("serversAndFollowers")
	void aFrameAfterTheClientsCloseIsIgnoredAndTheCloseIsAnswered(String serverClass, Around around)
			throws IOException {
		String tag = "close-then-" + System.nanoTime() + "-";
		List<RawWebSocket> clients = new ArrayList<>();
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.add(
						RawWebSocket.open(this.server.port(), "/csp/user/" + serverClass + ".cls?tag=" + tag + socket));
			}
			for (RawWebSocket client : clients) {
				client.sendRaw(concat(around.before(), closeFrame(), around.after()));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				// Nothing answers what came after the close, nor a message it cut short.
				assertThat(nextFrameAsClose(clients.get(socket))).as("the answer to the close on socket %d", socket)
					.isEqualTo(BYE);
			}
		}
		finally {
			for (RawWebSocket client : clients) {
				client.close();
			}
		}
		awaitServersEnded(tag);
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "Test.Echo", "Test.Consuming" })
	void aMessageTheCloseAndAPingInOneWriteGetTheEchoThenTheCloseAnswer(String serverClass) throws IOException {
		String tag = "message-close-ping-" + System.nanoTime() + "-";
		List<RawWebSocket> clients = new ArrayList<>();
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.add(
						RawWebSocket.open(this.server.port(), "/csp/user/" + serverClass + ".cls?tag=" + tag + socket));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.get(socket)
					.sendRaw(concat(RawWebSocket.frame(FIN | TEXT, true, utf8("echo:" + socket)), closeFrame(),
							RawWebSocket.frame(FIN | PING, true, utf8("ping"))));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				RawWebSocket client = clients.get(socket);
				assertThat(nextText(client)).as("the first frame on socket %d", socket).isEqualTo("echo:" + socket);
				assertThat(nextFrameAsClose(client)).as("the answer to the close on socket %d", socket).isEqualTo(BYE);
			}
		}
		finally {
			for (RawWebSocket client : clients) {
				client.close();
			}
		}
		awaitServersEnded(tag);
	}

	private void awaitServersEnded(String tag) {
		for (int socket = 0; socket < SOCKETS; socket++) {
			ServerEvents.Seen seen = this.events.of(tag + socket);
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	/**
	 * The next frame, which must be a close frame: its code and reason; 1006 when the
	 * connection ends without one.
	 */
	private static TestClient.Close nextFrameAsClose(RawWebSocket client) throws IOException {
		RawWebSocket.Frame frame;
		try {
			frame = client.readFrame();
		}
		catch (EOFException | SocketException ex) {
			return new TestClient.Close(1006, "");
		}
		assertThat(frame.opcode()).as("the opcode of the frame after the client's close").isEqualTo(CLOSE);
		ByteBuffer payload = ByteBuffer.wrap(frame.payload());
		int code = (payload.remaining() >= 2) ? payload.getShort() & 0xFFFF : 1005;
		return new TestClient.Close(code, StandardCharsets.UTF_8.decode(payload).toString());
	}

	/**
	 * The next frame, which must be a text frame: its text; {@code null} when the
	 * connection ends first.
	 */
	private static @Nullable String nextText(RawWebSocket client) throws IOException {
		RawWebSocket.Frame frame;
		try {
			frame = client.readFrame();
		}
		catch (EOFException | SocketException ex) {
			return null;
		}
		assertThat(frame.opcode()).as("the opcode of the echo").isEqualTo(TEXT);
		return new String(frame.payload(), StandardCharsets.UTF_8);
	}

	/** A close frame with 1000 and "bye". */
	private static byte[] closeFrame() {
		byte[] bye = utf8("bye");
		return RawWebSocket.frame(FIN | CLOSE, true,
				ByteBuffer.allocate(2 + bye.length).putShort((short) 1000).put(bye).array());
	}

	private static byte[] concat(byte[]... frames) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			bytes.writeBytes(frame);
		}
		return bytes.toByteArray();
	}

	/**
	 * What the client sends before its close frame and after it, in the same write.
	 *
	 * @param before the frames before the close
	 * @param after the frames after it
	 */
	record Around(byte[] before, byte[] after) {
	}

}
