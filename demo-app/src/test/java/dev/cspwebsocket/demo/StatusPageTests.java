package dev.cspwebsocket.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's Actuator: health for all, the socket status and the meters behind the login,
 * and the status page's Close.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StatusPageTests {

	@LocalServerPort
	int port;

	@Test
	void healthIsPublicAndItsDetailsAreForTheAdministrator() throws Exception {
		RawHttp.Response health = RawHttp.send(this.port, "GET /actuator/health HTTP/1.1", "Host: localhost:PORT",
				"Connection: close");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("cspwebsockets");
		DemoBrowser browser = new DemoBrowser(this.port);
		browser.logIn("demo", "demo");
		assertThat(browser.get("/actuator/health").body()).contains("\"cspwebsockets\":{").contains("\"openSockets\"");
	}

	@Test
	void theLoginPageIsTheDemosOwnNamingTheDemoUserAndAWrongPasswordComesBackToIt() throws Exception {
		DemoBrowser browser = new DemoBrowser(this.port);
		assertThat(browser.get("/login.html").body()).contains("/app.css")
			.contains("<code>demo</code>, password <code>demo</code>");
		HttpResponse<String> wrong = browser.tryLogIn("demo", "wrong");
		assertThat(wrong.statusCode()).isEqualTo(302);
		assertThat(wrong.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login.html?error"));
		assertThat(browser.get("/me").body()).isEqualTo("{\"name\":null,\"admin\":false}");
	}

	@Test
	void thePagesLearnWhoIsLoggedInAndWhetherTheyMaySeeTheStatus() throws Exception {
		DemoBrowser browser = new DemoBrowser(this.port);
		assertThat(browser.get("/me").body()).isEqualTo("{\"name\":null,\"admin\":false}");
		browser.logIn("demo", "demo");
		assertThat(browser.get("/me").body()).isEqualTo("{\"name\":\"demo\",\"admin\":true}");
	}

	@Test
	void theStatusAndTheMetersNeedTheLogin() throws IOException {
		for (String path : new String[] { "/actuator/cspwebsockets", "/actuator/prometheus", "/actuator/metrics" }) {
			assertThat(RawHttp.send(this.port, "GET " + path + " HTTP/1.1", "Host: localhost:PORT", "Connection: close")
				.status()).as(path).isEqualTo(401);
		}
	}

	@Test
	void theLoggedInUserSeesTheSocketsWithTheirUsersAndClosesOneAsThePageDoes() throws Exception {
		DemoBrowser browser = new DemoBrowser(this.port);
		browser.logIn("demo", "demo");
		TestClient echo = browser.connect("/csp/user/MyApp.MyWebSocketServer.cls");
		echo.send("hello");
		assertThat(echo.nextTextSkipping("Server timed-out")).isEqualTo("hello");
		String status = browser.get("/actuator/cspwebsockets?serverClass=MyApp.MyWebSocketServer").body();
		assertThat(status).contains("\"principal\":\"demo\"").doesNotContain("******");
		String id = status.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(browser.get("/app.js").body()).contains("X-XSRF-TOKEN");
		assertThat(browser.fetch("DELETE", "/actuator/cspwebsockets/" + id, true).statusCode()).isEqualTo(204);
		assertThat(echo.awaitClose()).isEqualTo(new TestClient.Close(1008, "Closed by administrator"));
		assertThat(browser.get("/actuator/prometheus").body()).contains(
				"csp_websocket_sockets_closed_total{application=\"user\",mode=\"dedicated\",reason=\"administrator\"");
	}

	@Test
	void aCloseWithoutTheCsrfTokenIsRefused() throws Exception {
		DemoBrowser browser = new DemoBrowser(this.port);
		browser.logIn("demo", "demo");
		TestClient chat = TestClient
			.connect(URI.create("ws://localhost:" + this.port + "/csp/user/MyApp.ChatServer.cls"));
		String status = browser.get("/actuator/cspwebsockets?serverClass=MyApp.ChatServer").body();
		String id = status.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(browser.fetch("DELETE", "/actuator/cspwebsockets/" + id, false).statusCode()).isEqualTo(403);
		assertThat(browser.get("/actuator/cspwebsockets/" + id).statusCode()).isEqualTo(200);
		chat.close(1000, "");
	}

}
