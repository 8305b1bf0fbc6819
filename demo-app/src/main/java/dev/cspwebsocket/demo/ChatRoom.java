package dev.cspwebsocket.demo;

import dev.cspwebsocket.CspWebSocketException;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketServer;

import org.springframework.stereotype.Service;

/**
 * Every open {@link ChatServer} socket, found through the registry: on every instance
 * when the application runs as a cluster. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
@Service
public class ChatRoom {

	private final CspWebSockets sockets;

	ChatRoom(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	/**
	 * Write a message to every open chat socket.
	 * @param message the message
	 * @return how many sockets took it, and how many had closed meanwhile or could not be
	 * reached on another instance
	 * @throws WebSocketClusterException when the other instances cannot be asked for
	 * their sockets
	 */
	public Delivery broadcast(String message) {
		int delivered = 0;
		int failed = 0;
		for (WebSocketServer chat : this.sockets.openServersOfClass(ChatServer.class)) {
			try {
				chat.write(message);
				delivered++;
			}
			catch (CspWebSocketException ex) {
				// Closed meanwhile, or its instance did not answer: not sent.
				failed++;
			}
		}
		return new Delivery(delivered, failed);
	}

	/**
	 * The outcome of a broadcast.
	 *
	 * @param delivered the sockets that accepted the message
	 * @param failed the sockets that closed before they could take it, or whose instance
	 * did not answer
	 */
	public record Delivery(int delivered, int failed) {
	}

}
