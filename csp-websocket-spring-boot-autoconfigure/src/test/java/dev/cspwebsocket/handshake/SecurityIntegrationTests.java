package dev.cspwebsocket.handshake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Security in front of the handshakes: the {@code secure} application needs a
 * login, {@code user} does not, and a dedicated server runs as the handshake's user.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.applications.user.servers=*",
		"csp.websocket.applications.secure.servers=Test.Session" })
class SecurityIntegrationTests {

	private static final String SECURE = "/csp/secure/Test.Session.cls";

	private static final String OPEN = "/csp/user/Test.Session.cls";

	@Autowired
	TestServer server;

	@Autowired
	ServerEvents events;

	@Test
	void anUnauthenticatedHandshakeToAProtectedApplicationIsAnswered401WithNoServerObject() throws IOException {
		RawHttp.Response response = RawHttp.handshake(this.server.port(), SECURE + "?tag=anonymous");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
		assertThat(this.events.has("anonymous")).as("a server object was made").isFalse();
	}

	@Test
	void aDedicatedServerSeesTheHandshakesPrincipalAndSecurityContext() {
		TestClient client = connect(SECURE + "?tag=ada", Map.of("Authorization", basic("ada", "lovelace")));
		client.send("who");
		assertThat(client.nextText()).isEqualTo("ada|ada");
		client.close(1000, "");
	}

	@Test
	void anOpenApplicationTakesAnonymousHandshakes() {
		TestClient client = connect(OPEN + "?tag=nobody", Map.of());
		client.send("who");
		// Spring Security's anonymous authentication, as on the handshake's request.
		assertThat(client.nextText()).isEqualTo("none|anonymousUser");
		client.close(1000, "");
	}

	@Test
	void theSecurityContextStaysWithItsOwnSocketsThread() {
		TestClient ada = connect(SECURE + "?tag=ada-again", Map.of("Authorization", basic("ada", "lovelace")));
		TestClient anonymous = connect(OPEN + "?tag=anonymous-again", Map.of());
		anonymous.send("who");
		ada.send("who");
		assertThat(anonymous.nextText()).isEqualTo("none|anonymousUser");
		assertThat(ada.nextText()).isEqualTo("ada|ada");
		ada.close(1000, "");
		anonymous.close(1000, "");
	}

	private TestClient connect(String pathAndQuery, Map<String, String> headers) {
		TestClient client = this.server.connect(pathAndQuery, headers);
		String tag = pathAndQuery.substring(pathAndQuery.indexOf("tag=") + 4);
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).threadName != null);
		return client;
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
