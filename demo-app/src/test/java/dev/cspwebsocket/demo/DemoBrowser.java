package dev.cspwebsocket.demo;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.cspwebsocket.test.TestClient;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client that keeps cookies as a browser does, logs in and out through the demo's
 * forms, and sends the CSRF token a page's script would send.
 *
 * @author csp-websocket-spring-boot
 */
final class DemoBrowser {

	private final int port;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	DemoBrowser(int port) {
		this.port = port;
		this.http = HttpClient.newBuilder().cookieHandler(this.cookies).build();
	}

	/**
	 * As the demo's login page does: the form posted with the XSRF-TOKEN cookie's token.
	 */
	void logIn(String user, String password) throws Exception {
		HttpResponse<String> response = tryLogIn(user, password);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
	}

	HttpResponse<String> tryLogIn(String user, String password) throws Exception {
		get("/login.html");
		return post("/login", "username=" + user + "&password=" + password);
	}

	void logOut() throws Exception {
		assertThat(post("/logout", "").statusCode()).isEqualTo(302);
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
		return fetch(method, path, null, "", withCsrfToken);
	}

	/** As {@link #fetch(String, String, boolean)}, with a body of a content type. */
	HttpResponse<String> fetch(String method, String path, @Nullable String contentType, String body,
			boolean withCsrfToken) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
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

	private HttpResponse<String> post(String path, String form) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
