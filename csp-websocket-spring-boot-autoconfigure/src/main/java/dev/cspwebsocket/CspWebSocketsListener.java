package dev.cspwebsocket;

import java.time.Duration;

/**
 * Told what happens to the sockets, for meters and the like: register one with
 * {@link CspWebSockets#addListener}. Called on the threads where things happen (the
 * container's, the senders', the servers'), so every method must be quick, thread-safe
 * and must not throw. The {@link WebSocketInfo} it gets carries socket and session ids:
 * never use them as meter tags. {@link #socketOpened} and {@link #socketClosed} run in
 * the socket's context: its handshake's trace, and its ids in the MDC.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface CspWebSocketsListener {

	/**
	 * A socket opened.
	 * @param socket the socket as it is now
	 */
	default void socketOpened(WebSocketInfo socket) {
	}

	/**
	 * A socket closed.
	 * @param socket the socket as it was when it closed
	 * @param reason why
	 * @param lifetime how long it was open
	 */
	default void socketClosed(WebSocketInfo socket, CloseReason reason, Duration lifetime) {
	}

	/**
	 * A handshake was answered with an HTTP error.
	 * @param reason why
	 */
	default void handshakeRejected(HandshakeRejection reason) {
	}

	/**
	 * A whole message came from a client.
	 * @param binary whether it is binary (else text)
	 * @param bytes its size in bytes (UTF-8 for text)
	 */
	default void messageReceived(boolean binary, long bytes) {
	}

	/**
	 * A whole message went to a client.
	 * @param binary whether it is binary (else text)
	 * @param bytes its size in bytes (UTF-8 for text)
	 */
	default void messageSent(boolean binary, long bytes) {
	}

	/** A {@code read()} returned {@code Timeout}. */
	default void readTimedOut() {
	}

}
