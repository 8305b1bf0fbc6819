package dev.cspwebsocket.client;

import java.io.IOException;

import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code csp.websocket.client.enabled=false} the starter serves no script: the path
 * is the application's.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.client.enabled=false")
class ClientScriptDisabledIntegrationTests extends ServerIntegrationTests {

	@Test
	void noClientIsServedWhenTurnedOff() throws IOException {
		assertThat(ClientScriptIntegrationTests.get(this.server.port(), "/csp-websocket/client.js").status())
			.isEqualTo(404);
	}

}
