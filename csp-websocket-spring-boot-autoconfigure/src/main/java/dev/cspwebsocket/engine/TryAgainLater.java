package dev.cspwebsocket.engine;

import java.nio.ByteBuffer;

import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;

/**
 * A socket that only says "try again later": opened for a client that asked for it
 * ({@value #QUERY_PARAMETER}{@code =1}) when a limit refuses its handshake, and closed at
 * once with 1013 and the delay, as a browser cannot see a refused handshake's 503 and
 * {@code Retry-After}. It has no server object and counts toward no limit. Thread-safe:
 * it holds nothing.
 *
 * @author csp-websocket-spring-boot
 */
final class TryAgainLater implements TransportListener {

	/** The query parameter by which a client says it understands 1013. */
	static final String QUERY_PARAMETER = "csp-try-again";

	private final String reason;

	TryAgainLater(String retryAfterSeconds) {
		this.reason = "Try again in " + retryAfterSeconds + " s";
	}

	@Override
	public void opened(Transport transport) {
		transport.close(CloseStatus.TRY_AGAIN_LATER, this.reason);
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
	public void closed(int code, String reason) {
	}

}
