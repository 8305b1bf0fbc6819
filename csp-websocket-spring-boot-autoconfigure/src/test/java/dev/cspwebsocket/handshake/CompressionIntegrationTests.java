package dev.cspwebsocket.handshake;

import java.io.IOException;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.CspServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permessage-deflate extension when it is enabled.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = "csp.websocket.permessage-deflate=true")
class CompressionIntegrationTests {

	@Autowired
	TestServer server;

	@Test
	void permessageDeflateIsNegotiatedWhenEnabled() throws IOException {
		RawHttp.Response response = RawHttp.seedHandshake(this.server.port(), "/csp/user/Test.Echo.cls",
				"Sec-WebSocket-Extensions: permessage-deflate");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
	}

}
