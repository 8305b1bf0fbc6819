package dev.cspwebsocket.demo;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cspwebsocket.test.TestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client that keeps cookies as a browser does, logs in and out through the demo's
 * forms, and sends the CSRF token a page's script would send.
 *
 * @author csp-websocket-spring-boot
 */
final class DemoBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

	private final int port;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	DemoBrowser(int port) {
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

	/** Open a socket with this browser's cookies. */
	TestClient connect(String path) {
		return TestClient.connect(URI.create("ws://localhost:" + this.port + path), Map.of("Cookie", cookieHeader()));
	}

	HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A request with this browser's cookies, as a page's script sends it: with the token
	 * of the XSRF-TOKEN cookie, or, as a forged request from another site, without.
	 */
	HttpResponse<String> fetch(String method, String path, boolean withCsrfToken) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (withCsrfToken) {
			request.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse("");
	}

	private String cookieHeader() {
		StringBuilder header = new StringBuilder();
		for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
			header.append((header.length() > 0) ? "; " : "")
				.append(cookie.getName())
				.append('=')
				.append(cookie.getValue());
		}
		return header.toString();
	}

	private String csrfToken(String page) throws Exception {
		Matcher token = CSRF.matcher(get(page).body());
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
