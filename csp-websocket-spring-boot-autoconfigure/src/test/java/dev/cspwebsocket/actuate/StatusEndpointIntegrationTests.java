package dev.cspwebsocket.actuate;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cspwebsocket.actuate.endpoint.CspWebSocketsEndpoint;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import dev.cspwebsocket.testapp.TestSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code cspwebsockets} endpoint over HTTP, after real traffic.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "management.endpoints.web.exposure.include=cspwebsockets,health",
		"management.endpoint.cspwebsockets.show-values=when-authorized",
		"management.endpoint.health.show-details=always" })
class StatusEndpointIntegrationTests extends ServerIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ADA = "Basic "
			+ Base64.getEncoder().encodeToString("ada:lovelace".getBytes(StandardCharsets.UTF_8));

	private final List<TestClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.stream().filter((client) -> !client.isClosed()).forEach((client) -> client.close(1000, ""));
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().openSockets() == 0);
	}

	@Test
	void eachSocketShowsItsExactCountersAfterRealTraffic() throws Exception {
		TestSession session = TestSession.start(this.server.port());
		TestClient echo = connect("/csp/user/Test.Echo.cls?tag=counted&timeout=60000", session, Map.of(), "chat");
		echo.send("héllo");
		assertThat(echo.nextText()).isEqualTo("héllo");
		echo.send(new byte[] { 1, 2, 3, 4, 5 });
		assertThat(echo.nextMessage()).isEqualTo(new byte[] { 1, 2, 3, 4, 5 });
		TestClient shared = connect("/csp/user/Test.Shared.cls?tag=queued", session, Map.of());
		this.servers.open("queued");
		shared.send("one");
		shared.send("two");
		JsonNode socket = await().atMost(TestClient.DEADLINE)
			.until(() -> get("/actuator/cspwebsockets/" + this.events.of("queued").webSocketId, null).body(),
					(body) -> body.contains("\"inboundQueued\":2"))
			.transform(StatusEndpointIntegrationTests::json);
		assertThat(socket.get("mode").asString()).isEqualTo("shared");
		assertThat(socket.get("messagesIn").asLong()).isEqualTo(2);
		assertThat(socket.get("bytesIn").asLong()).isEqualTo(6);

		JsonNode report = json(get("/actuator/cspwebsockets?sessionId=" + session.id(), ADA).body());
		assertThat(report.get("page").get("totalElements").asInt()).isEqualTo(2);
		JsonNode counted = report.get("sockets").get(0);
		assertThat(counted.get("id").asString()).isEqualTo(this.events.of("counted").webSocketId);
		assertThat(counted.get("application").asString()).isEqualTo("user");
		assertThat(counted.get("serverClass").asString()).isEqualTo("Test.Echo");
		assertThat(counted.get("mode").asString()).isEqualTo("dedicated");
		assertThat(counted.get("state").asString()).isEqualTo("open");
		assertThat(counted.get("subprotocol").asString()).isEqualTo("chat");
		assertThat(counted.get("remoteAddress").asString()).startsWith("127.0.0.1:");
		assertThat(counted.get("sessionId").asString()).isEqualTo(session.id());
		assertThat(counted.get("messagesIn").asLong()).isEqualTo(2);
		assertThat(counted.get("bytesIn").asLong()).isEqualTo(6 + 5);
		assertThat(counted.get("messagesOut").asLong()).isEqualTo(2);
		assertThat(counted.get("bytesOut").asLong()).isEqualTo(6 + 5);
		assertThat(counted.get("outboundBuffered").asLong()).isZero();
		assertThat(counted.get("openedAt").asString()).isNotEmpty();
		assertThat(counted.get("lastActivity").asString()).isGreaterThanOrEqualTo(counted.get("openedAt").asString());
		JsonNode summary = report.get("summary");
		assertThat(summary.get("node").asString()).isEqualTo(this.sockets.nodeId());
		assertThat(summary.get("open").asInt()).isEqualTo(2);
		assertThat(summary.get("byMode").get("dedicated").asLong()).isEqualTo(1);
		assertThat(summary.get("byMode").get("shared").asLong()).isEqualTo(1);
		assertThat(summary.get("byServerClass").get("Test.Shared").asLong()).isEqualTo(1);
		assertThat(summary.get("byApplication").get("user").asLong()).isEqualTo(2);
	}

	@Test
	void sessionIdsAndPrincipalsAreMaskedUnlessTheCallerIsAuthorized() throws Exception {
		TestSession session = TestSession.start(this.server.port());
		connect("/csp/user/Test.Echo.cls?tag=masked&timeout=60000", session, Map.of("Authorization", ADA));
		String path = "/actuator/cspwebsockets/" + this.events.of("masked").webSocketId;
		JsonNode anonymous = json(get(path, null).body());
		assertThat(anonymous.get("sessionId").asString()).isEqualTo("******");
		assertThat(anonymous.get("principal").asString()).isEqualTo("******");
		assertThat(anonymous.get("remoteAddress").asString()).isEqualTo("******");
		assertThat(json(get("/actuator/cspwebsockets?sessionId=" + session.id(), null).body()).get("sockets"))
			.as("a masked session id cannot be looked for")
			.isEmpty();
		JsonNode authorized = json(get(path, ADA).body());
		assertThat(authorized.get("sessionId").asString()).isEqualTo(session.id());
		assertThat(authorized.get("principal").asString()).isEqualTo("ada");
		assertThat(authorized.get("remoteAddress").asString()).startsWith("127.0.0.1:");
	}

	@Test
	void showValuesNeverMasksForEveryoneAndAlwaysShowsToEveryone() {
		TestSession session = TestSession.start(this.server.port());
		connect("/csp/user/Test.Echo.cls?tag=policy&timeout=60000", session, Map.of());
		String id = this.events.of("policy").webSocketId;
		SecurityContext admin = new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "admin";
			}

			@Override
			public boolean isUserInRole(String role) {
				return true;
			}

		};
		assertThat(sessionId(new CspWebSocketsEndpoint(this.sockets, Show.NEVER, Set.of()).socket(admin, id)))
			.isEqualTo("******");
		assertThat(sessionId(
				new CspWebSocketsEndpoint(this.sockets, Show.ALWAYS, Set.of()).socket(SecurityContext.NONE, id)))
			.isEqualTo(session.id());
		assertThat(sessionId(new CspWebSocketsEndpoint(this.sockets, Show.WHEN_AUTHORIZED, Set.of("ADMIN"))
			.socket(SecurityContext.NONE, id))).isEqualTo("******");
	}

	@Test
	void springSecuritysAnonymousUserIsNobodyToWhenAuthorized() {
		TestSession session = TestSession.start(this.server.port());
		connect("/csp/user/Test.Echo.cls?tag=anonymous-caller&timeout=60000", session, Map.of());
		String id = this.events.of("anonymous-caller").webSocketId;
		// WebFlux makes the anonymous user the request's principal.
		AnonymousAuthenticationToken anonymousUser = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		SecurityContext anonymous = new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return anonymousUser;
			}

			@Override
			public boolean isUserInRole(String role) {
				return false;
			}

		};
		assertThat(sessionId(
				new CspWebSocketsEndpoint(this.sockets, Show.WHEN_AUTHORIZED, Set.of()).socket(anonymous, id)))
			.isEqualTo("******");
	}

	private static @Nullable String sessionId(WebEndpointResponse<?> response) {
		assertThat(response.getStatus()).isEqualTo(200);
		return ((CspWebSocketsEndpoint.SocketDescriptor) response.getBody()).sessionId();
	}

	@Test
	void filtersAndPagesBoundTheAnswer() throws Exception {
		TestSession session = TestSession.start(this.server.port());
		for (int i = 0; i < 5; i++) {
			connect("/csp/user/Test.Echo.cls?tag=paged-" + i + "&timeout=60000", session, Map.of());
		}
		connect("/csp/user/Test.Shared.cls?tag=paged-shared", session, Map.of());
		String base = "/actuator/cspwebsockets?sessionId=" + session.id() + "&serverClass=Test.Echo";
		JsonNode first = json(get(base + "&size=2", ADA).body());
		assertThat(first.get("page").get("totalElements").asInt()).isEqualTo(5);
		assertThat(first.get("page").get("totalPages").asInt()).isEqualTo(3);
		assertThat(ids(first)).containsExactly(this.events.of("paged-0").webSocketId,
				this.events.of("paged-1").webSocketId);
		JsonNode last = json(get(base + "&size=2&page=2", ADA).body());
		assertThat(ids(last)).containsExactly(this.events.of("paged-4").webSocketId);
		JsonNode huge = json(get(base + "&size=1000000", ADA).body());
		assertThat(huge.get("page").get("size").asInt()).isEqualTo(CspWebSocketsEndpoint.MAX_PAGE_SIZE);
		assertThat(json(get("/actuator/cspwebsockets?application=nope", null).body()).get("sockets")).isEmpty();
		assertThat(json(get("/actuator/cspwebsockets?serverClass=Test.Shared&sessionId=" + session.id(), ADA).body())
			.get("page")
			.get("totalElements")
			.asInt()).isEqualTo(1);
	}

	@Test
	void deletingASocketClosesItsClientWith1008AndRunsOnPostServer() throws Exception {
		TestClient client = connect("/csp/user/Test.Echo.cls?tag=deleted&timeout=60000", null, Map.of());
		String path = "/actuator/cspwebsockets/" + this.events.of("deleted").webSocketId;
		assertThat(send("DELETE", path).statusCode()).isEqualTo(204);
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "Closed by administrator"));
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of("deleted").postServer.get() == 1);
		assertThat(send("DELETE", path).statusCode()).isEqualTo(404);
		assertThat(get(path, null).statusCode()).isEqualTo(404);
	}

	@Test
	void healthIsUpWithTheOpenSocketsAndTheSharedPool() throws Exception {
		connect("/csp/user/Test.Echo.cls?tag=healthy&timeout=60000", null, Map.of());
		JsonNode health = json(get("/actuator/health", null).body()).get("components").get("cspwebsockets");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("openSockets").asInt()).isEqualTo(1);
		assertThat(health.get("details").get("node").asString()).isEqualTo(this.sockets.nodeId());
		assertThat(health.get("details").get("sharedPool").get("size").asInt()).isEqualTo(16);
	}

	private TestClient connect(String pathAndQuery, TestSession session, Map<String, String> headers,
			String... subprotocols) {
		Map<String, String> all = new HashMap<>(headers);
		if (session != null) {
			all.putAll(session.header());
		}
		TestClient client = this.server.connect(pathAndQuery, all, subprotocols);
		this.clients.add(client);
		String tag = pathAndQuery.replaceAll(".*tag=([^&]+).*", "$1");
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.sockets.describe(this.events.of(tag).webSocketId + "").isPresent());
		return client;
	}

	private List<String> ids(JsonNode report) {
		List<String> ids = new ArrayList<>();
		report.get("sockets").forEach((socket) -> ids.add(socket.get("id").asString()));
		return ids;
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.server.http(path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(this.server.http(path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
