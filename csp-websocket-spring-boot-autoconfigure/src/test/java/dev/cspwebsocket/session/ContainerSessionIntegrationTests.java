package dev.cspwebsocket.session;

import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.TestSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sockets tied to the servlet container's own HTTP sessions.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = HttpSessionTiesIntegrationTests.SESSION_PROPERTIES)
class ContainerSessionIntegrationTests extends HttpSessionTiesIntegrationTests {

	@Test
	void aSessionIdChangeClosesTheSocketsOpenedUnderTheOldId() {
		TestSession session = TestSession.start(this.server.port());
		TestClient client = connect(session, tag("login"));
		session.changeId();
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
	}

	@Test
	void sessionEndOnCloseDoesNotEndTheSessionUnderItsNewId() {
		TestSession session = TestSession.start(this.server.port());
		String tag = tag("ender-at-login");
		TestClient client = connect(session, tag + "&endOnClose");
		TestSession renamed = session.renamed(session.changeId());
		assertThat(client.awaitClose()).isEqualTo(new TestClient.Close(1008, "HTTP session ended"));
		await().atMost(TestClient.DEADLINE).until(() -> this.events.of(tag).postServer.get() == 1);
		assertThat(renamed.currentId()).as("the logged-in session lives on").isEqualTo(renamed.id());
	}

}
