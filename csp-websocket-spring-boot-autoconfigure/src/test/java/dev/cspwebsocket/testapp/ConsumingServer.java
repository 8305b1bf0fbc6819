package dev.cspwebsocket.testapp;

import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.ReadResult;

import org.springframework.stereotype.Component;

/**
 * A shared-connection server that takes client messages in {@code onClientMessage()},
 * recording them by the {@code tag} query parameter; {@code gated} holds {@code server()}
 * until the test opens the gate. Messages: {@code read:...} is left for a reader;
 * {@code relay:<id>:<text>} writes the text to another shared socket; {@code read-inside}
 * tries to read from the callback; {@code fail} throws; {@code block} holds the callback
 * until the test opens the gate, {@code echo-late} too, then echoes it; {@code echo:...}
 * is echoed at once; anything else is consumed.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Test.Consuming")
public class ConsumingServer extends CspWebSocket {

	private final ServerEvents events;

	private final CspWebSockets sockets;

	private ServerEvents.Seen seen = new ServerEvents.Seen();

	private boolean gated;

	ConsumingServer(ServerEvents events, CspWebSockets sockets) {
		this.events = events;
		this.sockets = sockets;
	}

	@Override
	protected void onPreServer() {
		String tag = handshake().queryParameter("tag");
		this.seen = (tag != null) ? this.events.of(tag) : this.seen;
		this.seen.webSocketId = webSocketId();
		this.gated = handshake().queryParameter("gated") != null;
		setSharedConnection(true);
	}

	@Override
	protected void server() throws InterruptedException {
		this.seen.enterCallback();
		try {
			this.seen.threadName = Thread.currentThread().getName();
			if (this.gated) {
				this.seen.gate.await();
			}
			this.seen.callbacks.add("server");
		}
		finally {
			this.seen.exitCallback();
		}
	}

	@Override
	protected boolean onClientMessage(ReadResult.Message message) throws InterruptedException {
		this.seen.enterCallback();
		try {
			String text = ((ReadResult.Text) message).data();
			this.seen.clientMessages.add(text);
			this.seen.clientMessageThread = Thread.currentThread().getName();
			this.seen.clientMessageOnVirtualThread = EchoServer.isVirtual(Thread.currentThread());
			this.seen.callbacks.add(text);
			if (text.startsWith("relay:")) {
				String[] parts = text.split(":", 3);
				this.sockets.openServer(parts[1]).write(parts[2]);
			}
			if (text.equals("read-inside")) {
				try {
					read(Duration.ZERO);
				}
				catch (IllegalStateException ex) {
					this.seen.readInCallback = ex.getMessage();
				}
			}
			if (text.equals("block")) {
				this.seen.gate.await();
			}
			if (text.startsWith("echo:")) {
				write(text);
			}
			if (text.equals("echo-late")) {
				this.seen.gate.await();
				write(text);
			}
			if (text.equals("fail")) {
				throw new IllegalStateException("onClientMessage() failed on purpose");
			}
			return !text.startsWith("read:");
		}
		finally {
			this.seen.exitCallback();
		}
	}

	@Override
	protected void onPostServer() {
		this.seen.enterCallback();
		this.seen.callbacks.add("post");
		this.seen.postServer.incrementAndGet();
		this.seen.exitCallback();
	}

}
