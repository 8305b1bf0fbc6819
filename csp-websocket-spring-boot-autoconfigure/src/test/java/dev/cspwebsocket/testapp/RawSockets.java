package dev.cspwebsocket.testapp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;

import static org.awaitility.Awaitility.await;

/**
 * Many raw sockets open at once on one server class, each tagged for
 * {@link ServerEvents}, so that a test sends the same frames on all of them and the
 * server is busy while it answers. Not thread-safe: one test thread uses it.
 *
 * @author csp-websocket-spring-boot
 */
public final class RawSockets implements AutoCloseable {

	private final String tag;

	private final List<RawWebSocket> sockets = new ArrayList<>();

	private RawSockets(String tag) {
		this.tag = tag;
	}

	/**
	 * Open sockets on a server class of the test application.
	 * @param port the server's port
	 * @param serverClass the server class, such as {@code Test.Echo}
	 * @param count how many
	 * @return the open sockets, closed all together by {@link #close()}
	 */
	public static RawSockets open(int port, String serverClass, int count) throws IOException {
		RawSockets opened = new RawSockets("raw-" + System.nanoTime() + "-");
		try {
			for (int socket = 0; socket < count; socket++) {
				opened.sockets
					.add(RawWebSocket.open(port, "/csp/user/" + serverClass + ".cls?tag=" + opened.tag(socket)));
			}
		}
		catch (IOException | RuntimeException ex) {
			opened.close();
			throw ex;
		}
		return opened;
	}

	public int size() {
		return this.sockets.size();
	}

	public RawWebSocket get(int socket) {
		return this.sockets.get(socket);
	}

	/** The tag of a socket's server in {@link ServerEvents}. */
	public String tag(int socket) {
		return this.tag + socket;
	}

	/** Wait until the server of every socket has run its {@code onPostServer()}. */
	public void awaitServersEnded(ServerEvents events) {
		for (int socket = 0; socket < size(); socket++) {
			ServerEvents.Seen seen = events.of(tag(socket));
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	@Override
	public void close() throws IOException {
		for (RawWebSocket socket : this.sockets) {
			socket.close();
		}
	}

}
