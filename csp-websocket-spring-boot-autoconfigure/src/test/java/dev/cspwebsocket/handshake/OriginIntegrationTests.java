package dev.cspwebsocket.handshake;

import java.io.IOException;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.TestSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which pages may open sockets: the server's own origin, and the allowed patterns.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.allowed-origin-patterns=https://*.example.com")
class OriginIntegrationTests {

	private static final String SERVER = "/csp/user/Test.Session.cls";

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Test
	void aForeignPageCannotOpenASocketWithTheUsersSessionCookie() throws IOException {
		TestSession session = TestSession.start(this.server.port());
		session.setAttribute("secret", "42");
		RawHttp.Response response = handshake("hijack", "Origin: https://evil.example.org",
				"Cookie: " + session.cookie());
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("Origin https://evil.example.org is not allowed to open WebSockets here");
		assertThat(this.events.has("hijack")).as("a server object was made").isFalse();
	}

	@Test
	void theServersOwnOriginMayOpenSockets() throws IOException {
		assertThat(handshake("own", "Origin: http://localhost:PORT").status()).isEqualTo(101);
		assertThat(this.events.has("own")).isTrue();
	}

	@Test
	void anOriginMatchingAnAllowedPatternMayOpenSockets() throws IOException {
		assertThat(handshake("pattern", "Origin: https://app.example.com").status()).isEqualTo(101);
		assertThat(handshake("near-miss", "Origin: https://example.com.evil.org").status()).isEqualTo(403);
		assertThat(handshake("plain-http", "Origin: http://app.example.com").status()).isEqualTo(403);
	}

	private RawHttp.Response handshake(String tag, String... headers) throws IOException {
		return RawHttp.handshake(this.server.port(), SERVER + "?tag=" + tag, headers);
	}

}
