package dev.cspwebsocket.demo;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

import org.springframework.stereotype.Component;

/**
 * The IRIS guide's asynchronous example made a chat: a shared-connection server whose
 * {@code server()} returns at once, leaving its socket open, and whose every client
 * message goes to every chat socket through the registry.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("MyApp.ChatServer")
public class ChatServer extends CspWebSocket {

	private final ChatRoom room;

	ChatServer(ChatRoom room) {
		this.room = room;
	}

	@Override
	protected void onPreServer() {
		setSharedConnection(true);
	}

	@Override
	protected void server() {
		// Nothing to do here: the socket stays open, and messages come to
		// onClientMessage.
	}

	@Override
	protected boolean onClientMessage(ReadResult.Message message) {
		if (message instanceof ReadResult.Text text) {
			if (!this.room.broadcast(text.data()).everywhere()) {
				write("Sent on this instance only: the chat cannot reach its other instances right now");
			}
		}
		return true;
	}

}
