package dev.cspwebsocket.demo;

import java.io.IOException;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notepad of the {@code secure} application, behind the demo's form login.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NotepadServerTests {

	private static final String NOTEPAD = "/csp/secure/MyApp.Notepad.cls";

	@LocalServerPort
	int port;

	@Test
	void aHandshakeWithoutALoginIsAnswered401() throws IOException {
		assertThat(RawHttp.handshake(this.port, NOTEPAD).status()).isEqualTo(401);
	}

	@Test
	void theEchoAndChatNeedNoLogin() throws IOException {
		assertThat(RawHttp.handshake(this.port, "/csp/user/MyApp.MyWebSocketServer.cls").status()).isEqualTo(101);
		assertThat(RawHttp.handshake(this.port, "/csp/user/MyApp.ChatServer.cls").status()).isEqualTo(101);
	}

	@Test
	void aLoggedInUserIsGreetedKeepsANoteInTheSessionAndIsClosedAtLogout() throws Exception {
		DemoBrowser browser = new DemoBrowser(this.port);
		browser.logIn("demo", "demo");
		TestClient first = browser.connect(NOTEPAD);
		assertThat(first.nextText()).isEqualTo("Hello, demo (Spring Security sees demo). Your note: (none yet)");
		first.send("buy milk");
		assertThat(first.nextText()).isEqualTo("Saved in your HTTP session: buy milk");
		first.close(1000, "");
		TestClient second = browser.connect(NOTEPAD);
		assertThat(second.nextText()).endsWith("Your note: buy milk");
		browser.logOut();
		assertThat(second.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
	}

}
