package dev.cspwebsocket.actuate.endpoint;

import java.time.Instant;

import dev.cspwebsocket.WebSocketInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the status endpoint shows a socket's state: open, away with what it keeps, or
 * closed.
 *
 * @author csp-websocket-spring-boot
 */
class SocketDescriptorTests {

	private static final Instant OPENED = Instant.ofEpochSecond(1);

	@Test
	void anAwaySocketIsShownAwayWithSinceWhenAndWhatItKeeps() {
		WebSocketInfo.Away away = new WebSocketInfo.Away(Instant.ofEpochSecond(2), 3, 40);
		CspWebSocketsEndpoint.SocketDescriptor shown = CspWebSocketsEndpoint.SocketDescriptor.of(info(true, away),
				false);
		assertThat(shown.state()).isEqualTo("away");
		assertThat(shown.away()).isEqualTo(away);
	}

	@Test
	void aConnectedSocketIsShownOpenAndAClosedOneClosedWithNothingAway() {
		assertThat(CspWebSocketsEndpoint.SocketDescriptor.of(info(true, null), false).state()).isEqualTo("open");
		assertThat(CspWebSocketsEndpoint.SocketDescriptor.of(info(false, null), false).state()).isEqualTo("closed");
		assertThat(CspWebSocketsEndpoint.SocketDescriptor.of(info(true, null), false).away()).isNull();
	}

	private static WebSocketInfo info(boolean open, WebSocketInfo.Away away) {
		return new WebSocketInfo("id", "user", "MyApp.Chat", true, open, null, null, OPENED, OPENED, 0, 0, 0, 0, 0, 0,
				null, null, "node", away);
	}

}
