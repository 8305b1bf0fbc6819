package dev.cspwebsocket.engine;

import dev.cspwebsocket.CspWebSocketsListener;
import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.actuate.metrics.CspWebSocketMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding the meters: once per registry, however often asked, and listeners that fail
 * harm no socket.
 *
 * @author csp-websocket-spring-boot
 */
class MetricsBindingTests {

	@Test
	void bindingTwiceToOneRegistryCountsEachEventOnce() {
		CspWebSocketsEngine sockets = new CspWebSocketsEngine(false, 1);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CspWebSocketMetrics metrics = new CspWebSocketMetrics(sockets);
		metrics.bindTo(registry);
		metrics.bindTo(registry);
		sockets.lifecycle().messageReceived(false, 3);
		sockets.lifecycle().handshakeRejected(HandshakeRejection.ORIGIN);
		assertThat(registry.get("csp.websocket.messages").tags("direction", "in", "type", "text").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("csp.websocket.handshakes.rejected").tags("reason", "origin").counter().count())
			.isEqualTo(1);
	}

	@Test
	void bindingToTwoRegistriesCountsInEach() {
		CspWebSocketsEngine sockets = new CspWebSocketsEngine(false, 1);
		SimpleMeterRegistry first = new SimpleMeterRegistry();
		SimpleMeterRegistry second = new SimpleMeterRegistry();
		CspWebSocketMetrics metrics = new CspWebSocketMetrics(sockets);
		metrics.bindTo(first);
		metrics.bindTo(second);
		sockets.lifecycle().messageSent(true, 5);
		for (SimpleMeterRegistry registry : new SimpleMeterRegistry[] { first, second }) {
			assertThat(
					registry.get("csp.websocket.payload").tags("direction", "out", "type", "binary").counter().count())
				.isEqualTo(5);
		}
	}

	@Test
	void aFailingListenerDoesNotStopTheOthers() {
		CspWebSocketsEngine sockets = new CspWebSocketsEngine(false, 1);
		sockets.addListener(new CspWebSocketsListener() {

			@Override
			public void messageReceived(boolean binary, long bytes) {
				throw new IllegalStateException("a broken listener");
			}

		});
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new CspWebSocketMetrics(sockets).bindTo(registry);
		sockets.lifecycle().messageReceived(false, 2);
		assertThat(registry.get("csp.websocket.payload").tags("direction", "in", "type", "text").counter().count())
			.isEqualTo(2);
	}

}
