package dev.cspwebsocket.limits;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.cspwebsocket.test.RawWebSocket.BINARY;
import static dev.cspwebsocket.test.RawWebSocket.CLOSE;
import static dev.cspwebsocket.test.RawWebSocket.CONTINUATION;
import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.bytes;
import static dev.cspwebsocket.test.RawWebSocket.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile frames from a client written byte by byte, each on a dedicated socket while
 * fifty others echo: the socket is closed with the code the protocol gives that fault,
 * its {@code read()} sees the close, its {@code onPostServer()} runs, and the others keep
 * echoing. Pings are frequent here, so that a client that stalls is found out quickly.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.ping-interval=1s", "csp.websocket.pong-timeout=1s" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFrameIntegrationTests {

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	private final List<TestClient> others = new ArrayList<>();

	@BeforeAll
	void openFiftyOthers() {
		for (int i = 0; i < 50; i++) {
			this.others.add(this.server.connect("/csp/user/Test.Echo.cls"));
		}
	}

	@AfterAll
	void closeTheOthers() {
		this.others.forEach((client) -> client.close(1000, ""));
	}

	/** What a hostile client does once its socket is open. */
	@FunctionalInterface
	interface Hostility {

		void act(RawWebSocket client) throws IOException;

	}

	static Stream<Arguments> hostileFrames() {
		return Stream.of(
				hostile("an unmasked client frame", 1002, (client) -> client.send(FIN | TEXT, false, utf8("hello"))),
				hostile("reserved bits set", 1002, (client) -> client.send(FIN | 0x40 | TEXT, true, utf8("hello"))),
				hostile("an unknown opcode", 1002, (client) -> client.send(FIN | 0x3, true, utf8("hello"))),
				hostile("a fragmented control frame", 1002, (client) -> client.send(PING, true, utf8("ping"))),
				hostile("a control frame over 125 bytes", 1002,
						(client) -> client.send(FIN | PING, true, new byte[126])),
				hostile("invalid UTF-8 in a text message", 1007,
						(client) -> client.send(FIN | TEXT, true, bytes('a', 0xC3, 0x28))),
				hostile("invalid UTF-8 split across fragments", 1007, (client) -> {
					client.send(TEXT, true, bytes('a', 0xE2, 0x82));
					client.send(FIN | CONTINUATION, true, bytes(0x28, 'b'));
				}),
				hostile("a text message over the limit", 1009,
						(client) -> client.send(FIN | TEXT, true, utf8("x".repeat(256 * 1024 + 1)))),
				// Over by its last byte: a server that closes with part of a frame unread
				// resets the connection, which can overtake its close frame.
				hostile("a binary message over the limit, in fragments", 1009, (client) -> {
					client.send(BINARY, true, new byte[200 * 1024]);
					client.send(FIN | CONTINUATION, true, new byte[56 * 1024 + 1]);
				}),
				hostile("a close frame with an invalid code", 1002,
						(client) -> client.send(FIN | CLOSE, true, RawWebSocket.closePayload(999, ""))),
				hostile("a close frame with a 1-byte payload", 1002,
						(client) -> client.send(FIN | CLOSE, true, bytes(0x03))),
				// Jetty takes any length past 2^31 as too big, Tomcat a length with the
				// top
				// bit set as a protocol error.
				hostile("a frame header announcing 2^63 bytes", WebServer.pick(1002, 1009, 1002),
						(client) -> client
							.sendRaw(bytes(FIN | TEXT, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4))),
				// A length in range: Tomcat can say nothing until its bytes come, and a
				// client part-way through a frame cannot answer a ping.
				hostile("a frame header announcing 2^63 - 1 bytes, then nothing", WebServer.pick(1001, 1009, 1009),
						(client) -> client.sendHeader(FIN | TEXT, true, Long.MAX_VALUE)),
				hostile("half a frame, then nothing", 1001, (client) -> {
					client.sendHeader(FIN | TEXT, true, 100);
					client.sendRaw(bytes(1, 2, 3, 4, 'h', 'a', 'l', 'f'));
				}));
	}

	@Test
	void aProtocolErrorWhileTheServersWriteIsFinishingStillGetsItsCloseFrame() throws IOException {
		// The client answers an echo at once, so its bad frame often arrives while the
		// echo's send is still finishing; the close frame must wait for it, not be lost.
		for (int round = 0; round < 200; round++) {
			try (RawWebSocket client = RawWebSocket.open(this.server.port(),
					"/csp/user/Test.Echo.cls?tag=race-" + round)) {
				client.sendText("before");
				assertThat(client.nextText()).isEqualTo("before");
				client.send(FIN | 0x40 | TEXT, true, utf8("hello"));
				assertThat(client.awaitClose().code()).as("the close code in round %d", round).isEqualTo(1002);
			}
		}
	}

	private static Arguments hostile(String name, int expectedCode, Hostility hostility) {
		return Arguments.of(Named.of(name, hostility), expectedCode);
	}

	@ParameterizedTest(name = "{0} closes the socket with {1}")
	@MethodSource("hostileFrames")
	void aHostileFrameClosesItsSocketWithItsCodeAndHarmsNoOther(Hostility hostility, int expectedCode)
			throws IOException {
		String tag = "hostile-" + System.nanoTime();
		try (RawWebSocket client = RawWebSocket.open(this.server.port(), "/csp/user/Test.Echo.cls?tag=" + tag)) {
			client.sendText("before");
			assertThat(client.nextText()).isEqualTo("before");
			hostility.act(client);
			assertThat(client.awaitClose().code()).isEqualTo(expectedCode);
		}
		ServerEvents.Seen seen = this.events.of(tag);
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		assertThat(seen.closed).isInstanceOfSatisfying(ReadResult.Closed.class,
				(closed) -> assertThat(closed.code()).isEqualTo(expectedCode));
		for (TestClient other : this.others) {
			other.send("still here");
		}
		for (TestClient other : this.others) {
			assertThat(other.nextTextSkipping("timeout")).isEqualTo("still here");
		}
	}

}
