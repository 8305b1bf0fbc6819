package dev.cspwebsocket;

/**
 * What one {@link CspWebSocket#read(int, java.time.Duration) read} returns: a piece of a
 * client message ({@link Text} or {@link Binary}), a {@link Timeout}, or {@link Closed}.
 * <p>
 * A message longer than the requested length comes back in pieces: {@code atEnd()} is
 * {@code false} on every piece but the last. Immutable; safe to share between threads
 * (the array of a {@link Binary} is the reader's own copy).
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public sealed interface ReadResult permits ReadResult.Message, ReadResult.Timeout, ReadResult.Closed {

	/**
	 * A piece of a client message, or (for
	 * {@link CspWebSocket#onClientMessage(ReadResult.Message)}) a whole one.
	 */
	sealed interface Message extends ReadResult permits Text, Binary {

		/**
		 * Whether this piece ends the message (IRIS {@code AtEnd}).
		 * @return {@code true} on the last piece
		 */
		boolean atEnd();

	}

	/**
	 * A piece of a text message.
	 *
	 * @param data the characters; never splits a Unicode character
	 * @param atEnd whether this piece ends the message (IRIS {@code AtEnd})
	 */
	record Text(String data, boolean atEnd) implements Message {
	}

	/**
	 * A piece of a binary message.
	 *
	 * @param data the bytes
	 * @param atEnd whether this piece ends the message (IRIS {@code AtEnd})
	 */
	record Binary(byte[] data, boolean atEnd) implements Message {
	}

	/**
	 * No message arrived within the timeout; the socket is still open (IRIS
	 * {@code CSPWebSocketTimeout}).
	 */
	record Timeout() implements ReadResult {
	}

	/**
	 * The socket is closed, and stays so on every later read (IRIS
	 * {@code CSPWebSocketClosed}).
	 *
	 * @param code the close code (1000 normal, 1001 going away, ...)
	 * @param reason the close reason, empty when none was given
	 */
	record Closed(int code, String reason) implements ReadResult {
	}

}
