package dev.cspwebsocket.handshake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.TestApplication;
import dev.cspwebsocket.testapp.WebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshakes a client library would never send, byte for byte over TCP: each gets a
 * specific HTTP status, no server object is made for it, and nothing is logged at ERROR.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
@ExtendWith(OutputCaptureExtension.class)
class HostileHandshakeIntegrationTests {

	private static final String ECHO = "/csp/user/Test.Echo.cls";

	private static final String KEY = "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==";

	private static final String VERSION = "Sec-WebSocket-Version: 13";

	@Autowired
	TestServer server;

	@Autowired
	TestApplication.ServerObjects serverObjects;

	/** A handshake to a path, with the given header lines after the request line. */
	private static List<String> request(String method, String path, String... headers) {
		List<String> lines = new ArrayList<>();
		lines.add(method + " " + path + " HTTP/1.1");
		lines.add("Host: localhost:PORT");
		lines.addAll(List.of(headers));
		return lines;
	}

	private static List<String> handshake(String path, String... extraHeaders) {
		List<String> lines = request("GET", path, "Upgrade: websocket", "Connection: Upgrade", KEY, VERSION);
		lines.addAll(List.of(extraHeaders));
		return lines;
	}

	static Stream<Arguments> hostileHandshakes() {
		return Stream.of(
				hostile("no Sec-WebSocket-Key", 400,
						request("GET", ECHO, "Upgrade: websocket", "Connection: Upgrade", VERSION)),
				hostile("a malformed Sec-WebSocket-Key", 400,
						request("GET", ECHO, "Upgrade: websocket", "Connection: Upgrade",
								"Sec-WebSocket-Key: not-a-key", VERSION)),
				hostile("a Sec-WebSocket-Version other than 13", 426,
						request("GET", ECHO, "Upgrade: websocket", "Connection: Upgrade", KEY,
								"Sec-WebSocket-Version: 8"),
						"Sec-WebSocket-Version", "13"),
				hostile("two Sec-WebSocket-Version headers, 13 and 8", 426,
						request("GET", ECHO, "Upgrade: websocket", "Connection: Upgrade", KEY, VERSION,
								"Sec-WebSocket-Version: 8"),
						"Sec-WebSocket-Version", "13"),
				hostile("two Sec-WebSocket-Key headers", 400,
						request("GET", ECHO, "Upgrade: websocket", "Connection: Upgrade", KEY,
								"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", VERSION)),
				hostile("an Origin with a space", 403, handshake(ECHO, "Origin: http://a b")),
				hostile("an Origin with a bad percent-escape", 403, handshake(ECHO, "Origin: http://%zz")),
				hostile("an Origin whose port is no number", 403, handshake(ECHO, "Origin: http://evil.example:abc")),
				hostile("an Origin whose port runs into a host name", 403,
						handshake(ECHO, "Origin: http://localhost:PORTevil.example")),
				hostile("an Origin that is no URL at all", 403, handshake(ECHO, "Origin: ::::")),
				hostile("two Origin headers, the server's own first", 403,
						handshake(ECHO, "Origin: http://localhost:PORT", "Origin: https://evil.example")),
				hostile("no Upgrade header", 426, request("GET", ECHO, "Connection: Upgrade", KEY, VERSION), "Upgrade",
						"websocket"),
				hostile("no Connection header", 400, request("GET", ECHO, "Upgrade: websocket", KEY, VERSION)),
				hostile("a POST", 405,
						request("POST", ECHO, "Content-Length: 0", "Upgrade: websocket", "Connection: Upgrade", KEY,
								VERSION),
						"Allow", "GET"),
				hostile("a class no server has", 404, handshake("/csp/user/Test.Nope.cls")),
				hostile("a class outside the registry", 404, handshake("/csp/user/java.lang.Runtime.cls")),
				hostile("a Spring bean that is not a CspWebSocket, by class", 404,
						handshake("/csp/user/dev.cspwebsocket.test.ServerEvents.cls")),
				hostile("a Spring bean that is not a CspWebSocket, by bean name", 404,
						handshake("/csp/user/serverEvents.cls")),
				hostile("a path that climbs out with ..", 400, handshake("/csp/user/../secure/Test.Echo.cls")),
				hostile("a class name of dots", 404, handshake("/csp/user/...cls")),
				hostile("a percent-encoded dot", 400, handshake("/csp/user/Test%2EEcho.cls")),
				hostile("a percent-encoded slash", 400, handshake("/csp/user%2FTest.Echo.cls")),
				hostile("non-ASCII look-alike letters", 404, handshake("/csp/user/Test.%D0%95ch%D0%BE.cls")),
				// Jetty's parser says what is too large, Tomcat's only that the
				// request is bad.
				hostile("a 10,000-character class name", WebServer.pick(400, 414, 414),
						handshake("/csp/user/" + "A".repeat(10_000) + ".cls")),
				hostile("an unknown application", 404, handshake("/csp/nope/Test.Echo.cls")),
				hostile("oversized headers", WebServer.pick(400, 431, 431),
						handshake(ECHO, "X-Padding: " + "x".repeat(20_000))));
	}

	private static Arguments hostile(String name, int status, List<String> request) {
		return hostile(name, status, request, null, null);
	}

	/** A hostile handshake, and a header its answer must carry. */
	private static Arguments hostile(String name, int status, List<String> request, @Nullable String header,
			@Nullable String value) {
		return Arguments.of(Named.of(name, request), status, header, value);
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("hostileHandshakes")
	void aHostileHandshakeGetsItsStatusAndMakesNoServerObjectAndNoErrorLog(List<String> request, int status,
			@Nullable String header, @Nullable String value, CapturedOutput output) throws IOException {
		int madeBefore = this.serverObjects.made();
		RawHttp.Response response = RawHttp.send(this.server.port(), request.toArray(String[]::new));
		assertThat(response.status()).isEqualTo(status);
		if (header != null) {
			assertThat(response.header(header)).isEqualToIgnoringCase(value);
		}
		assertThat(this.serverObjects.made()).as("server objects made").isEqualTo(madeBefore);
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

}
