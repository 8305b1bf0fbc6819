package dev.cspwebsocket;

import java.io.IOException;

import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permessage-deflate extension when it is enabled.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "csp.websocket.permessage-deflate=true")
class CompressionTests {

	@LocalServerPort
	int port;

	@Test
	void permessageDeflateIsNegotiatedWhenEnabled() throws IOException {
		RawHttp.Response response = RawHttp.seedHandshake(this.port, "/csp/user/Test.Echo.cls",
				"Sec-WebSocket-Extensions: permessage-deflate");
		assertThat(response.status()).isEqualTo(101);
		assertThat(response.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
	}

}
