package dev.cspwebsocket.demo;

import java.util.List;

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
	 * Write a message to every open chat socket; to this instance's only while the others
	 * cannot be reached.
	 * @param message the message
	 * @return how many sockets took it, how many had closed meanwhile or could not be
	 * reached on another instance, and whether every instance was reached
	 */
	public Delivery broadcast(String message) {
		List<WebSocketServer> chats;
		boolean everywhere = true;
		try {
			chats = this.sockets.openServersOfClass(ChatServer.class);
		}
		catch (WebSocketClusterException ex) {
			chats = ex.localServers();
			everywhere = false;
		}
		int delivered = 0;
		int failed = 0;
		for (WebSocketServer chat : chats) {
			try {
				chat.write(message);
				delivered++;
			}
			catch (CspWebSocketException ex) {
				// Closed meanwhile, or its instance did not answer: not sent.
				failed++;
			}
		}
		return new Delivery(delivered, failed, everywhere);
	}

	/**
	 * The outcome of a broadcast.
	 *
	 * @param delivered the sockets that accepted the message
	 * @param failed the sockets that closed before they could take it, or whose instance
	 * did not answer
	 * @param everywhere whether the sockets of every instance were found; {@code false}
	 * while the other instances cannot be reached
	 */
	public record Delivery(int delivered, int failed, boolean everywhere) {
	}

}
