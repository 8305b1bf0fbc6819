package dev.cspwebsocket.engine;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.ServerBinding;
import dev.cspwebsocket.SocketLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The engine reaches a server object's callbacks only through {@link ServerBinding}, and
 * one server object serves one socket.
 *
 * @author csp-websocket-spring-boot
 */
class ServerBindingTests {

	private final TestSocketContext sockets = TestSocketContext.direct();

	@AfterEach
	void close() throws InterruptedException {
		this.sockets.close();
	}

	@Test
	void aBindingRunsTheServersCallbacksOnItsSocket() throws Exception {
		Recording server = new Recording();
		Connection socket = this.sockets.open(SocketLimits.DEFAULTS, true, new RecordingTransport());
		ServerBinding binding = ServerBinding.bind(server, socket);
		binding.onPreServer();
		binding.runServer();
		assertThat(binding.onClientMessage(new ReadResult.Text("hi", true))).isTrue();
		binding.onPostServer();
		assertThat(server.calls).containsExactly("onPreServer " + socket.webSocketId(), "server", "message hi",
				"onPostServer");
		assertThat(binding.consumesClientMessages()).isTrue();
		assertThat(binding.server()).isSameAs(server);
	}

	@Test
	void aServerObjectBoundToASocketCannotBeBoundToAnother() {
		Recording server = new Recording();
		ServerBinding.bind(server, this.sockets.open(SocketLimits.DEFAULTS, true, new RecordingTransport()));
		Connection other = this.sockets.open(SocketLimits.DEFAULTS, true, new RecordingTransport());
		assertThatIllegalStateException().isThrownBy(() -> ServerBinding.bind(server, other))
			.withMessage("This Recording is bound to a socket already: one server object serves one socket");
	}

	static class Recording extends CspWebSocket {

		final List<String> calls = new ArrayList<>();

		@Override
		protected void onPreServer() {
			this.calls.add("onPreServer " + webSocketId());
		}

		@Override
		protected void server() {
			this.calls.add("server");
		}

		@Override
		protected boolean onClientMessage(ReadResult.Message message) {
			this.calls.add("message " + ((ReadResult.Text) message).data());
			return true;
		}

		@Override
		protected void onPostServer() {
			this.calls.add("onPostServer");
		}

	}

}
