package dev.cspwebsocket.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notepad of the {@code secure} application, behind Spring Security's form login.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NotepadServerTests {

	private static final String NOTEPAD = "/csp/secure/MyApp.Notepad.cls";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

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
		Browser browser = new Browser(this.port);
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

	/** An HTTP client that keeps cookies and submits forms with their CSRF token. */
	private static final class Browser {

		private final int port;

		private final CookieManager cookies = new CookieManager();

		private final HttpClient http;

		Browser(int port) {
			this.port = port;
			this.http = HttpClient.newBuilder().cookieHandler(this.cookies).build();
		}

		void logIn(String user, String password) throws Exception {
			String token = csrfToken("/login");
			HttpResponse<String> response = post("/login",
					"username=" + user + "&password=" + password + "&_csrf=" + token);
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location"))
				.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		}

		void logOut() throws Exception {
			String token = csrfToken("/logout");
			assertThat(post("/logout", "_csrf=" + token).statusCode()).isEqualTo(302);
		}

		TestClient connect(String path) {
			StringBuilder cookie = new StringBuilder();
			for (HttpCookie each : this.cookies.getCookieStore().getCookies()) {
				cookie.append((cookie.length() > 0) ? "; " : "")
					.append(each.getName())
					.append('=')
					.append(each.getValue());
			}
			return TestClient.connect(URI.create("ws://localhost:" + this.port + path),
					Map.of("Cookie", cookie.toString()));
		}

		private String csrfToken(String page) throws Exception {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(page)).build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher token = CSRF.matcher(response.body());
			assertThat(token.find()).as("a CSRF token on %s", page).isTrue();
			return token.group(1);
		}

		private HttpResponse<String> post(String path, String form) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			return URI.create("http://localhost:" + this.port + path);
		}

	}

}
