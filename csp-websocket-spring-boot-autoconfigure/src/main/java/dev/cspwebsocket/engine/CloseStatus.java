package dev.cspwebsocket.engine;

import dev.cspwebsocket.ReadResult;

/**
 * A close code and reason, as the engine closes sockets with them. Immutable.
 *
 * @param code the close code
 * @param reason the reason, possibly empty
 * @author csp-websocket-spring-boot
 */
record CloseStatus(int code, String reason) {

	static final CloseStatus NORMAL = new CloseStatus(1000, "");

	static final int GOING_AWAY = 1001;

	static final int PROTOCOL_ERROR = 1002;

	static final int NO_CLOSE_FRAME = 1006;

	static final int POLICY_VIOLATION = 1008;

	static final int TOO_BIG = 1009;

	static final int SERVER_ERROR = 1011;

	static final int TRY_AGAIN_LATER = 1013;

	/** What read() returns for a socket closed with this status. */
	ReadResult.Closed asReadResult() {
		return new ReadResult.Closed(this.code, this.reason);
	}

}
