package dev.cspwebsocket.aot;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

/**
 * A shared-connection server that answers each text message in {@code onClientMessage()}:
 * an override in a superclass of the bean's class, which the starter finds by reflection
 * and which a native image sees only through the starter's AOT processor.
 *
 * @author csp-websocket-spring-boot
 */
abstract class ReplyingServer extends CspWebSocket {

	@Override
	protected void onPreServer() {
		setSharedConnection(true);
	}

	@Override
	protected void server() {
		// Shared: the socket stays open, and the messages come to onClientMessage().
	}

	@Override
	protected boolean onClientMessage(ReadResult.Message message) {
		if (message instanceof ReadResult.Text text) {
			write(reply(text.data()));
			return true;
		}
		return false;
	}

	/**
	 * The answer to a text message.
	 * @param message the message
	 * @return the answer
	 */
	abstract String reply(String message);

}
