package dev.cspwebsocket.engine;

import java.nio.ByteBuffer;

import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A socket opened only to be closed at once with a code and reason, since a browser
 * cannot see a refused handshake's status: 1013 and the delay for a client that
 * understands it when a limit refuses its handshake, 4010 for a refused resume. It has no
 * server object and counts toward no limit. Thread-safe: it holds nothing that changes.
 *
 * @author csp-websocket-spring-boot
 */
final class ClosedAtOnce implements TransportListener {

	private static final Log logger = LogFactory.getLog(ClosedAtOnce.class);

	private final int code;

	private final String reason;

	ClosedAtOnce(int code, String reason) {
		this.code = code;
		this.reason = reason;
	}

	@Override
	public void opened(Transport transport) {
		transport.close(this.code, this.reason);
	}

	@Override
	public void text(String part, boolean last) {
	}

	@Override
	public void text(String part, boolean last, int bytes) {
	}

	@Override
	public void binary(ByteBuffer part, boolean last) {
	}

	@Override
	public void pong() {
	}

	@Override
	public void stalled() {
	}

	@Override
	public void closing(int code, String reason) {
	}

	@Override
	public void failure(String what, Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug(what + " on a WebSocket closed at once with " + this.code, failure);
		}
	}

	@Override
	public void closed(int code, String reason) {
	}

}
