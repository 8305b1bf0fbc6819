package dev.cspwebsocket.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter serves the JavaScript client to the application's pages, at a fixed path,
 * with no build step: the file of {@code clients/js} as it is.
 *
 * @author csp-websocket-spring-boot
 */
class ClientScriptIntegrationTests extends ServerIntegrationTests {

	static RawHttp.Response get(int port, String path) throws IOException {
		return RawHttp.send(port, "GET " + path + " HTTP/1.1", "Host: localhost:PORT", "Connection: close");
	}

	@Test
	void theClientIsServedAtCspWebsocketClientJsAsJavaScript() throws IOException {
		RawHttp.Response response = get(this.server.port(), "/csp-websocket/client.js");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/javascript");
		assertThat(response.body()).isEqualTo(Files.readString(Path.of("../clients/js/client.js")));
	}

	@Test
	void itsTypeScriptDeclarationsAreServedBesideIt() throws IOException {
		RawHttp.Response response = get(this.server.port(), "/csp-websocket/client.d.ts");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Files.readString(Path.of("../clients/js/client.d.ts")));
	}

}
