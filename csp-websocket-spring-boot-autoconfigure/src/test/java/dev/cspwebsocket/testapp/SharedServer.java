package dev.cspwebsocket.testapp;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketNotFoundException;

import org.springframework.stereotype.Component;

/**
 * A shared-connection server whose {@code server()} returns at once, leaving its socket
 * to be worked through the registry. Query parameters: {@code tag} names the socket;
 * {@code welcome} makes {@code server()} write "welcome" first, {@code id} its socket id;
 * {@code resumable} makes the socket resumable.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Test.Shared")
public class SharedServer extends CspWebSocket {

	private final ServerEvents events;

	private final CspWebSockets sockets;

	private ServerEvents.Seen seen = new ServerEvents.Seen();

	private boolean welcome;

	private boolean tellId;

	SharedServer(ServerEvents events, CspWebSockets sockets) {
		this.events = events;
		this.sockets = sockets;
	}

	@Override
	protected void onPreServer() {
		String tag = handshake().queryParameter("tag");
		this.seen = (tag != null) ? this.events.of(tag) : this.seen;
		this.seen.webSocketId = webSocketId();
		this.seen.sessionId = sessionId();
		this.welcome = handshake().queryParameter("welcome") != null;
		this.tellId = handshake().queryParameter("id") != null;
		setSharedConnection(true);
		if (handshake().queryParameter("resumable") != null) {
			setResumable(true);
		}
	}

	@Override
	protected void server() {
		this.seen.enterCallback();
		try {
			this.seen.threadName = Thread.currentThread().getName();
			try {
				this.seen.openableInServer = this.sockets.openServer(webSocketId()) != null;
			}
			catch (WebSocketNotFoundException ex) {
				this.seen.openableInServer = false;
			}
			try {
				setSharedConnection(false);
			}
			catch (IllegalStateException ex) {
				this.seen.setSharedOutsidePreServer = ex.getMessage();
			}
			if (this.welcome) {
				write("welcome");
			}
			if (this.tellId) {
				write(webSocketId());
			}
		}
		finally {
			this.seen.exitCallback();
		}
	}

	@Override
	protected void onPostServer() {
		this.seen.enterCallback();
		this.seen.postServerThread = Thread.currentThread().getName();
		this.seen.openInPostServer = isOpen();
		this.seen.postServer.incrementAndGet();
		this.seen.exitCallback();
	}

}
