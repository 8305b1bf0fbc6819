package dev.cspwebsocket.engine;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.cspwebsocket.transport.Transport;

/**
 * A message, or a fragment of one, on its way to the client. Immutable.
 *
 * @author csp-websocket-spring-boot
 */
sealed interface Outgoing {

	/** Whether it ends its message. */
	boolean last();

	/**
	 * Send it through the container.
	 * @return its size on the wire in bytes (UTF-8 for text), 0 for a ping
	 */
	long sendOn(Transport transport) throws IOException;

	/** A text message or fragment. */
	record Text(String text, boolean last) implements Outgoing {

		@Override
		public long sendOn(Transport transport) throws IOException {
			int bytes = transport.sendText(this.text, this.last);
			return (bytes >= 0) ? bytes : Utf8.length(this.text);
		}

	}

	/** A binary message or fragment. */
	record Binary(byte[] data, boolean last) implements Outgoing {

		@Override
		public long sendOn(Transport transport) throws IOException {
			transport.sendBinary(ByteBuffer.wrap(this.data), this.last);
			return this.data.length;
		}

	}

	/** A ping, which the heartbeat sends. */
	record Ping() implements Outgoing {

		@Override
		public boolean last() {
			return true;
		}

		@Override
		public long sendOn(Transport transport) throws IOException {
			transport.sendPing();
			return 0;
		}

	}

}
