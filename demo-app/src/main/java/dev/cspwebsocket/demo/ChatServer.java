package dev.cspwebsocket.demo;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.HandshakeRefusedException;
import dev.cspwebsocket.ReadResult;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The IRIS guide's asynchronous example made a chat: a shared-connection server whose
 * {@code server()} returns at once, leaving its socket open, and whose every client
 * message goes to every chat socket through the registry, as "name: text". The name comes
 * from the handshake ({@code ?name=ada}), so that nobody speaks under another's name;
 * everyone hears who joins and who leaves. It is resumable: a page whose connection drops
 * (a network change, a laptop's sleep) comes back to the same socket within the grace
 * period, and misses nothing said meanwhile.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("MyApp.ChatServer")
public class ChatServer extends CspWebSocket {

	static final int MAX_NAME_LENGTH = 30;

	private static final Log logger = LogFactory.getLog(ChatServer.class);

	private final ChatRoom room;

	private String name = "guest";

	ChatServer(ChatRoom room) {
		this.room = room;
	}

	@Override
	protected void onPreServer() {
		setSharedConnection(true);
		setResumable(true);
		String name = handshake().queryParameter("name");
		if (name != null && !name.isBlank()) {
			if (name.length() > MAX_NAME_LENGTH) {
				throw new HandshakeRefusedException(HttpStatus.BAD_REQUEST,
						"A chat name has at most " + MAX_NAME_LENGTH + " characters");
			}
			this.name = name.strip();
		}
	}

	@Override
	protected void server() {
		// The socket stays open, and messages come to onClientMessage. The log line shows
		// the trace of the handshake that opened the socket, and the socket's id.
		logger.info(this.name + " joined the chat");
		this.room.broadcast(this.name + " joined");
	}

	@Override
	protected boolean onClientMessage(ReadResult.Message message) {
		if (message instanceof ReadResult.Text text) {
			if (!this.room.broadcast(this.name + ": " + text.data()).everywhere()) {
				write("Sent on this instance only: the chat cannot reach its other instances right now");
			}
		}
		return true;
	}

	@Override
	protected void onPostServer() {
		// The socket has left the registry: the others hear it.
		logger.info(this.name + " left the chat");
		this.room.broadcast(this.name + " left");
	}

}
