package dev.cspwebsocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One socket's connection in its container, as the CSP engine uses it: the seam between
 * the engine and a container adapter (Tomcat, Jetty, Reactor Netty). Internal to the
 * starter: not for applications, and it may change between versions.
 * <p>
 * <b>Thread safety.</b> The engine sends from one thread at a time (the socket's
 * {@code Outbound} owns the way out), and closes through that owner too, so an
 * implementation needs no locking of its own for sends. {@link #pauseReading()} and
 * {@link #resumeReading()} come from any thread, one at a time, under the socket's lock.
 *
 * @author csp-websocket-spring-boot
 */
public interface Transport {

	/**
	 * Send a text message, or a fragment of one; blocks until the container has taken it,
	 * which it does at once while the connection can take more.
	 * @param text the text
	 * @param last whether it ends the message
	 * @return the text's size in UTF-8 when the container encoded it here, or {@code -1}
	 * for the engine to measure it
	 * @throws IOException when it cannot be sent; caused by a
	 * {@link java.net.SocketTimeoutException} when the client took nothing for the
	 * send-time limit, after which the connection is dropped
	 */
	int sendText(String text, boolean last) throws IOException;

	/**
	 * Send a binary message, or a fragment of one; blocks until the container has taken
	 * it. The buffer is the container's to consume.
	 * @param data the bytes
	 * @param last whether it ends the message
	 * @throws IOException as {@link #sendText}
	 */
	void sendBinary(ByteBuffer data, boolean last) throws IOException;

	/**
	 * Send a ping with no payload.
	 * @throws IOException as {@link #sendText}
	 */
	void sendPing() throws IOException;

	/**
	 * Send a close frame and end the connection; waits for the frame to go at most the
	 * send-time limit, and drops the connection when it cannot. When the client's close
	 * frame is held ({@link TransportListener#closing}), send the answer to it instead:
	 * past the send-time limit the engine does so from its timer even while a message is
	 * being sent, and a call after the first does nothing.
	 * @param code the close code
	 * @param reason the reason, at most 123 bytes of UTF-8
	 */
	void close(int code, String reason);

	/**
	 * Whether the transport holds back its answer to the client's close frame until
	 * {@link #close}, telling the engine through {@link TransportListener#closing}, so
	 * that the server's answers to the messages before the close go out first. A
	 * container that answers the moment it reads the frame (Tomcat) cannot: the engine
	 * then keeps the container's thread that hands over a client message until the server
	 * has read and answered it, so the container reads no further meanwhile.
	 */
	boolean holdsCloseAnswer();

	/**
	 * Whether the engine pauses reading after each client message until the server has
	 * read and answered it, at most the send-time limit, rather than holding the
	 * container's thread as it does where the close answer is not held: for a container
	 * that fails the connection the moment it reads a bad frame, with a close frame of
	 * its own that would overtake the server's answers to the messages before it (Jetty).
	 * Paused so, the container reads the bad frame only once the answers are out. The
	 * pause is told through {@link #pauseReading()} and {@link #resumeReading()}, which
	 * must then be able to pause.
	 * @return {@code false} unless the container is such
	 */
	default boolean pausesForAnswers() {
		return false;
	}

	/**
	 * Whether a send now would be taken at once, without waiting for the client: then a
	 * writer other than the socket's own server sends its message itself, rather than
	 * handing it to a sender thread. Never blocks; asked under the engine's lock of the
	 * way out, by the thread that would send.
	 * @return {@code false} when this container cannot tell
	 */
	boolean takesSendsNow();

	/**
	 * Stop reading from the client, so that it is held back by TCP.
	 * @return {@code false} when this container cannot pause reading
	 */
	boolean pauseReading();

	/** Read from the client again, after {@link #pauseReading()}. */
	void resumeReading();

}
