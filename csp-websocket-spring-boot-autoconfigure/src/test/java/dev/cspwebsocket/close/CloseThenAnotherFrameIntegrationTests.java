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
import org.junit.jupiter.params.provider.ValueSource;

import static dev.cspwebsocket.test.RawWebSocket.CLOSE;
import static dev.cspwebsocket.test.RawWebSocket.CONTINUATION;
import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.closePayload;
import static dev.cspwebsocket.test.RawWebSocket.concat;
import static dev.cspwebsocket.test.RawWebSocket.frame;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;

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

	/** A close frame with 1000 and "bye". */
	private static final byte[] BYE = frame(FIN | CLOSE, true, closePayload(1000, "bye"));

	/**
	 * The server classes, dedicated and shared, and what comes around the close: Autobahn
	 * 7.1.5 begins a message before it, and ends it after.
	 */
	static Stream<Arguments> serversAndFollowers() {
		byte[] nothing = new byte[0];
		List<Arguments> cases = new ArrayList<>();
		for (String serverClass : List.of("Test.Echo", "Test.Consuming")) {
			cases.add(Arguments.of(serverClass, Named.of("a second close", new Around(nothing, BYE))));
			cases.add(Arguments.of(serverClass,
					Named.of("a ping", new Around(nothing, frame(FIN | PING, true, utf8("ping"))))));
			cases.add(Arguments.of(serverClass, Named.of("a text message",
					new Around(nothing, frame(FIN | TEXT, true, utf8("echo:after the close"))))));
			cases.add(Arguments.of(serverClass, Named.of("the rest of a fragmented message begun before it", new Around(
					frame(TEXT, true, utf8("echo:begun")), frame(FIN | CONTINUATION, true, utf8(" and ended"))))));
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}: the close, then {1}")
	@MethodSource("serversAndFollowers")
	void aFrameAfterTheClientsCloseIsIgnoredAndTheCloseIsAnswered(String serverClass, Around around)
			throws IOException {
		RawSockets clients = RawSockets.open(this.server.port(), serverClass, SOCKETS);
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.get(socket).sendRaw(concat(around.before(), BYE, around.after()));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				// Nothing answers what came after the close, nor a message it cut short.
				assertThat(clients.get(socket).nextFrameTold()).as("the answer to the close on socket %d", socket)
					.isEqualTo("close 1000 bye");
			}
		}
		finally {
			clients.close();
		}
		clients.awaitServersEnded(this.events);
	}

	@ParameterizedTest(name = "on {0}")
	@ValueSource(strings = { "Test.Echo", "Test.Consuming" })
	void aMessageTheCloseAndAPingInOneWriteGetTheEchoThenTheCloseAnswer(String serverClass) throws IOException {
		RawSockets clients = RawSockets.open(this.server.port(), serverClass, SOCKETS);
		try {
			for (int socket = 0; socket < SOCKETS; socket++) {
				clients.get(socket)
					.sendRaw(concat(frame(FIN | TEXT, true, utf8("echo:" + socket)), BYE,
							frame(FIN | PING, true, utf8("ping"))));
			}
			for (int socket = 0; socket < SOCKETS; socket++) {
				RawWebSocket client = clients.get(socket);
				assertThat(client.nextFrameTold()).as("the first frame on socket %d", socket)
					.isEqualTo("text echo:" + socket);
				assertThat(client.nextFrameTold()).as("the answer to the close on socket %d", socket)
					.isEqualTo("close 1000 bye");
			}
		}
		finally {
			clients.close();
		}
		clients.awaitServersEnded(this.events);
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
