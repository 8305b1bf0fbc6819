package dev.cspwebsocket.testapp;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;

import static org.awaitility.Awaitility.await;

/**
 * Shared sockets of the test servers, reached through the registry by their {@code tag}.
 *
 * @author csp-websocket-spring-boot
 */
public final class OpenServers {

	private final TestServer server;

	private final CspWebSockets sockets;

	private final ServerEvents events;

	OpenServers(TestServer server, CspWebSockets sockets, ServerEvents events) {
		this.server = server;
		this.sockets = sockets;
		this.events = events;
	}

	/**
	 * Connect to a shared test server, and wait until its socket is in the registry.
	 * @param serverClass the CSP class name
	 * @param tagAndQuery the tag, optionally followed by {@code &} and more query
	 * parameters
	 * @return the client
	 */
	public TestClient connect(String serverClass, String tagAndQuery) {
		TestClient client = this.server.connect("/csp/user/" + serverClass + ".cls?tag=" + tagAndQuery);
		open(tagAndQuery.split("&")[0]);
		return client;
	}

	/**
	 * The shared socket the server tagged {@code tag}, waiting for it to be registered: a
	 * client has its 101 a moment before the container reports the socket open.
	 * @param tag the tag
	 * @return the socket
	 */
	public WebSocketServer open(String tag) {
		await().atMost(TestClient.DEADLINE)
			.ignoreExceptions()
			.until(() -> this.sockets.openServer(this.events.of(tag).webSocketId).isOpen());
		return this.sockets.openServer(this.events.of(tag).webSocketId);
	}

}
