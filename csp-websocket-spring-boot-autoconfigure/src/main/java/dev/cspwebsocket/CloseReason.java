package dev.cspwebsocket;

import java.util.Locale;

/**
 * Why a socket closed, in classes few enough to tag a meter with.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public enum CloseReason {

	/**
	 * 1000 from either side: {@code endServer()}, a returning dedicated server, a
	 * client's close.
	 */
	NORMAL,

	/** 1001 from the client: a page left or reloaded. */
	GOING_AWAY,

	/** The application shut down. */
	SHUTDOWN,

	/** A shared socket saw no traffic for the idle timeout. */
	IDLE,

	/** The client did not answer a ping in time. */
	PONG_TIMEOUT,

	/** The socket's HTTP session ended. */
	SESSION_ENDED,

	/** The client took nothing for the send-time limit. */
	SLOW_CONSUMER,

	/** A shared socket's inbound queue was full. */
	QUEUE_OVERFLOW,

	/** A message was over the size limit (1009). */
	TOO_BIG,

	/** Another policy violation (1008). */
	POLICY,

	/** A protocol error, unacceptable data or invalid text (1002, 1003, 1007, 1010). */
	PROTOCOL,

	/** A server error (1011): a failing callback, a failed send. */
	ERROR,

	/** The connection dropped without a close frame (1006). */
	ABNORMAL,

	/** Closed through the status endpoint. */
	ADMINISTRATOR,

	/** Any other close code. */
	OTHER;

	/**
	 * The class of a close code that says nothing more.
	 * @param code the close code
	 * @return the class
	 */
	public static CloseReason of(int code) {
		return switch (code) {
			case 1000 -> NORMAL;
			case 1001 -> GOING_AWAY;
			case 1002, 1003, 1007, 1010 -> PROTOCOL;
			case 1006 -> ABNORMAL;
			case 1008 -> POLICY;
			case 1009 -> TOO_BIG;
			case 1011 -> ERROR;
			default -> OTHER;
		};
	}

	/**
	 * The class as a meter tag value, such as {@code slow-consumer}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
