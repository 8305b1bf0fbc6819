package dev.cspwebsocket.engine;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;

/**
 * A socket that is not resumable, for a client that asked for the resume protocol: the
 * client's first message is the hello that says so, and then the socket is as any other.
 * Thread-safe as the socket it hands events to.
 *
 * @author csp-websocket-spring-boot
 */
final class PlainHello implements TransportListener {

	private final TransportListener socket;

	PlainHello(TransportListener socket) {
		this.socket = socket;
	}

	@Override
	public void opened(Transport transport) {
		try {
			transport.sendText(ResumeProtocol.hello(), true);
		}
		catch (IOException | RuntimeException ex) {
			// The connection is gone: the container reports it closed.
		}
		this.socket.opened(transport);
	}

	@Override
	public void text(String part, boolean last) {
		this.socket.text(part, last);
	}

	@Override
	public void text(String part, boolean last, int bytes) {
		this.socket.text(part, last, bytes);
	}

	@Override
	public void binary(ByteBuffer part, boolean last) {
		this.socket.binary(part, last);
	}

	@Override
	public void pong() {
		this.socket.pong();
	}

	@Override
	public void stalled() {
		this.socket.stalled();
	}

	@Override
	public void closing(int code, String reason) {
		this.socket.closing(code, reason);
	}

	@Override
	public void failure(String what, Throwable failure) {
		this.socket.failure(what, failure);
	}

	@Override
	public void closed(int code, String reason) {
		this.socket.closed(code, reason);
	}

}
