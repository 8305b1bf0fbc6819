package dev.cspwebsocket.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.stream.Stream;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.cspwebsocket.test.RawWebSocket.CLOSE;
import static dev.cspwebsocket.test.RawWebSocket.CONTINUATION;
import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.bytes;
import static dev.cspwebsocket.test.RawWebSocket.closePayload;
import static dev.cspwebsocket.test.RawWebSocket.concat;
import static dev.cspwebsocket.test.RawWebSocket.frame;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection that the server fails for a client's protocol error, as in the Autobahn
 * TestSuite (RFC 6455 7.1.1, 7.1.7): the server's answers to the messages before the bad
 * frame go out before its close frame, even when they came in the same write (Autobahn
 * 3.2, 4.1.3, 6.4.3); once the client has answered the close, or when the bad frame was
 * the client's close, the server ends the TCP connection, well before the send-time limit
 * (2.5, 4.1.x, 5.x, 7.3.x, 7.5.1, 7.9.x); and a control frame with reserved bits set is
 * refused, not answered (3.6, 3.7).
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.send-time-limit=" + FailedConnectionIntegrationTests.SEND_TIME_LIMIT)
class FailedConnectionIntegrationTests extends ServerIntegrationTests {

	static final String SEND_TIME_LIMIT = "30s";

	/**
	 * Well within the send-time limit, after which the server drops the connection
	 * anyway.
	 */
	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	/**
	 * What a hostile client sends once its socket is open: the bytes of its bad frame.
	 */
	static Stream<Arguments> badFrames() {
		return Stream.of(bad("a reserved data opcode", frame(FIN | 0x3, true, utf8("hello"))),
				bad("a reserved control opcode", frame(FIN | 0xB, true, utf8("hello"))),
				bad("a fragmented ping", frame(PING, true, utf8("ping"))),
				bad("a ping over 125 bytes", frame(FIN | PING, true, new byte[126])),
				bad("a continuation without a message", frame(FIN | CONTINUATION, true, utf8("hello"))),
				bad("reserved bits set", frame(FIN | 0x20 | TEXT, true, utf8("hello"))),
				bad("invalid UTF-8", frame(FIN | TEXT, true, bytes('a', 0xC3, 0x28))));
	}

	/** The bytes of a close frame that the server refuses. */
	static Stream<Arguments> badCloseFrames() {
		return Stream.of(bad("a close frame with a 1-byte payload", frame(FIN | CLOSE, true, bytes(0x03))),
				bad("a close frame with an invalid code", frame(FIN | CLOSE, true, closePayload(999, ""))),
				bad("a close frame with a reason over 123 bytes",
						frame(FIN | CLOSE, true, closePayload(1000, "x".repeat(124)))),
				bad("a close frame with a reason that is not UTF-8",
						frame(FIN | CLOSE, true, concat(closePayload(1000, ""), bytes(0xCE, 0xBA, 0xE1, 0xBD)))),
				bad("a close frame with reserved bits set", frame(FIN | 0x40 | CLOSE, true, closePayload(1000, ""))));
	}

	@ParameterizedTest(name = "after {0}, once the client answers the close")
	@MethodSource("badFrames")
	void theServerEndsTheConnectionOnceTheClientAnswersTheCloseOfAProtocolError(byte[] badFrame) throws IOException {
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls")) {
			client.sendText("before");
			assertThat(client.nextText()).isEqualTo("before");
			client.sendRaw(badFrame);
			assertThat(client.awaitClose().code()).isIn(1002, 1007);
			client.sendClose(1000);
			assertThat(client.awaitServerEnd(PROMPTLY)).as("the server ends the connection within %s", PROMPTLY)
				.isTrue();
		}
	}

	@ParameterizedTest(name = "after {0}")
	@MethodSource("badCloseFrames")
	void theServerEndsTheConnectionOnceItHasRefusedTheClientsClose(byte[] badClose) throws IOException {
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls")) {
			client.sendText("before");
			assertThat(client.nextText()).isEqualTo("before");
			client.sendRaw(badClose);
			assertThat(client.awaitClose().code()).isIn(1002, 1007);
			assertThat(client.awaitServerEnd(PROMPTLY)).as("the server ends the connection within %s", PROMPTLY)
				.isTrue();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("controlFramesWithReservedBits")
	void aControlFrameWithReservedBitsIsRefusedNotAnswered(byte[] controlFrame) throws IOException {
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls")) {
			client.sendText("before");
			assertThat(client.nextText()).isEqualTo("before");
			client.sendRaw(controlFrame);
			RawWebSocket.Frame answer = client.readFrame();
			assertThat(answer.opcode()).as("the opcode of the server's answer").isEqualTo(CLOSE);
			assertThat(ByteBuffer.wrap(answer.payload()).getShort()).as("its close code").isEqualTo((short) 1002);
		}
	}

	static Stream<Arguments> controlFramesWithReservedBits() {
		return Stream.of(
				bad("a close frame with reserved bits set", frame(FIN | 0x40 | CLOSE, true, closePayload(1000, ""))),
				bad("a ping with reserved bits set", frame(FIN | 0x60 | PING, true, utf8("ping"))));
	}

	@ParameterizedTest(name = "{0} on {1}")
	@MethodSource("badFramesOnEachServer")
	void aMessageBeforeABadFrameInTheSameWriteIsAnsweredBeforeTheClose(byte[] badFrame, String serverClass)
			throws IOException {
		String tag = "before-bad-" + System.nanoTime();
		try (RawWebSocket client = RawWebSocket.open(this.server.port(),
				"/csp/user/" + serverClass + ".cls?tag=" + tag)) {
			// Both servers echo "echo:" messages.
			client.sendRaw(concat(frame(FIN | TEXT, true, utf8("echo:first")),
					frame(FIN | TEXT, true, utf8("echo:second")), badFrame));
			assertThat(client.nextText()).isEqualTo("echo:first");
			assertThat(client.nextText()).isEqualTo("echo:second");
			assertThat(client.awaitClose().code()).isIn(1002, 1007);
		}
		ServerEvents.Seen seen = this.events.of(tag);
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
	}

	static Stream<Arguments> badFramesOnEachServer() {
		return badFrames().flatMap((bad) -> Stream.of("Test.Echo", "Test.Consuming")
			.map((serverClass) -> Arguments.of(bad.get()[0], serverClass)));
	}

	private static Arguments bad(String name, byte[] bytes) {
		return Arguments.of(Named.of(name, bytes));
	}

}
