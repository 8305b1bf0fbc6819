package dev.cspwebsocket.testapp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.cspwebsocket.test.TestClient;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP session of the test application, held by its cookie as a browser holds it,
 * whatever the store (the container's {@code JSESSIONID}, Spring Session's
 * {@code SESSION}).
 *
 * @param port the server port
 * @param id the session id
 * @param cookie the {@code Cookie} header that carries it
 * @author csp-websocket-spring-boot
 */
public record TestSession(int port, String id, String cookie) {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/**
	 * Start a session.
	 * @param port the server port
	 * @return the session
	 */
	public static TestSession start(int port) {
		HttpResponse<String> response = send(port, HttpRequest.newBuilder(uri(port, "/session")).GET());
		String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		return new TestSession(port, response.body(), setCookie.split(";", 2)[0]);
	}

	/**
	 * The same session under a new id, with the container's cookie for it.
	 * @param newId the new id
	 * @return the session
	 */
	public TestSession renamed(String newId) {
		return new TestSession(this.port, newId, this.cookie.replace(this.id, newId));
	}

	/** The handshake header that carries the session. */
	public Map<String, String> header() {
		return Map.of("Cookie", this.cookie);
	}

	/**
	 * The id the server sees for this cookie now: another one once the session has ended
	 * (the server then starts a new one).
	 */
	public String currentId() {
		return request("GET", "/session", null);
	}

	public String attribute(String name) {
		return request("GET", "/session/attributes/" + name, null);
	}

	public void setAttribute(String name, String value) {
		request("PUT", "/session/attributes/" + name, value);
	}

	public void setTimeoutSeconds(int seconds) {
		request("PUT", "/session/timeout", String.valueOf(seconds));
	}

	/** Change the session's id, as a login does; returns the new id. */
	public String changeId() {
		return request("POST", "/session/id", null);
	}

	public void invalidate() {
		request("DELETE", "/session", null);
	}

	private String request(String method, String path, @Nullable String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(this.port, path))
			.header("Cookie", this.cookie)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response = send(this.port, request);
		assertThat(response.statusCode()).as("%s %s", method, path).isBetween(200, 299);
		return response.body();
	}

	private static HttpResponse<String> send(int port, HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(TestClient.DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to port " + port + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static URI uri(int port, String path) {
		return URI.create("http://localhost:" + port + path);
	}

}
