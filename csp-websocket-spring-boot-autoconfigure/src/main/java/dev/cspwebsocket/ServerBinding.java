package dev.cspwebsocket;

import org.springframework.util.Assert;

/**
 * A server object bound to its socket, for the engine that runs its callbacks: the one
 * way from outside this package to a {@link CspWebSocket}'s {@code onPreServer()},
 * {@code server()}, {@code onPostServer()} and {@code onClientMessage()}. Not for
 * applications. Thread-safe as the server object's callbacks are: the engine runs them
 * one at a time.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class ServerBinding {

	private final CspWebSocket server;

	private ServerBinding(CspWebSocket server) {
		this.server = server;
	}

	/**
	 * Bind a new server object to its socket.
	 * @param server the server object, made for this socket
	 * @param socket the socket
	 * @return the binding, to run the server's callbacks
	 * @throws IllegalStateException when the server object is bound already: one server
	 * object serves one socket
	 */
	public static ServerBinding bind(CspWebSocket server, BoundSocket socket) {
		Assert.state(!server.isBound(), () -> "This " + server.getClass().getSimpleName()
				+ " is bound to a socket already: one server object serves one socket");
		server.bind(socket);
		return new ServerBinding(server);
	}

	/**
	 * The server object.
	 * @return the server
	 */
	public CspWebSocket server() {
		return this.server;
	}

	/**
	 * Run {@link CspWebSocket#onPreServer()}.
	 * @throws Exception as it throws
	 */
	public void onPreServer() throws Exception {
		this.server.onPreServer();
	}

	/**
	 * Run {@link CspWebSocket#server()}.
	 * @throws Exception as it throws
	 */
	public void runServer() throws Exception {
		this.server.server();
	}

	/**
	 * Run {@link CspWebSocket#onPostServer()}.
	 * @throws Exception as it throws
	 */
	public void onPostServer() throws Exception {
		this.server.onPostServer();
	}

	/**
	 * Run {@link CspWebSocket#onClientMessage(ReadResult.Message)}.
	 * @param message the whole message
	 * @return whether it is consumed
	 * @throws Exception as it throws
	 */
	public boolean onClientMessage(ReadResult.Message message) throws Exception {
		return this.server.onClientMessage(message);
	}

	/**
	 * Whether the server's class overrides {@code onClientMessage()}.
	 * @return whether whole messages go to it before a reader
	 */
	public boolean consumesClientMessages() {
		return this.server.consumesClientMessages();
	}

}
