package dev.cspwebsocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One open socket, as its server works it: read the client's messages, write to it, end
 * it. A {@link CspWebSocket} is the {@code WebSocketServer} of its own socket;
 * {@link CspWebSockets#openServer(String)} returns one for a shared-connection socket,
 * from any thread.
 * <p>
 * <b>Thread safety.</b> Every method is safe from any thread.
 * <ul>
 * <li>{@code write}: any number of threads at once. Each message arrives whole, and the
 * messages of one thread arrive in the order it wrote them. A write returns once the
 * message is accepted for sending; while the socket's send buffer is full it waits, at
 * most the send-time limit, and when the client has taken nothing for that long the
 * socket is closed with 1008 (slow consumer) and the write throws.</li>
 * <li>{@code read}: any number of readers. Each message goes to exactly one of them: once
 * a reader has taken a piece of a message, the rest of that message goes to that reader
 * only, so a reader that takes a piece must read on to {@code atEnd()}.</li>
 * </ul>
 * <p>
 * <b>The client's close.</b> Messages the client sent before its close frame are read
 * first, then {@link ReadResult.Closed} with its code. Writes in answer to them still go
 * out, before the answer to the close: that answer waits until a dedicated server reads
 * {@code Closed} or ends, or a shared socket's callbacks are done and its messages read,
 * at most the send-time limit.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface WebSocketServer {

	/** The default maximum length of one {@link #read(Duration) read}, as in IRIS. */
	int DEFAULT_READ_LENGTH = 32656;

	/**
	 * Read up to {@link #DEFAULT_READ_LENGTH} characters or bytes of the next client
	 * message.
	 * @param timeout how long to wait for a message
	 * @return the piece read, or a timeout, or closed
	 * @see #read(int, Duration)
	 */
	ReadResult read(Duration timeout);

	/**
	 * Read up to {@code maxLength} characters (Unicode code points, never split) of the
	 * next text message, or bytes of the next binary message. A longer message comes back
	 * in pieces, {@code atEnd()} false on all but the last; the rest of a message already
	 * received is returned without waiting. Pieces never span two messages.
	 * @param maxLength the most characters or bytes to return, at least 1
	 * @param timeout how long to wait for data; on expiry the result is
	 * {@link ReadResult.Timeout} and the socket stays open
	 * @return the piece read; {@link ReadResult.Closed} once the socket is closed and all
	 * that the client sent before has been read, on this and every later call
	 */
	ReadResult read(int maxLength, Duration timeout);

	/**
	 * Send a text message.
	 * @param text the message, sent whole
	 * @throws WebSocketClosedException if the socket has closed: the message was not sent
	 */
	void write(String text);

	/**
	 * Send a binary message (IRIS: {@code BinaryData = 1} then {@code Write}).
	 * @param data the message, sent whole
	 * @throws WebSocketClosedException if the socket has closed: the message was not sent
	 */
	void write(byte[] data);

	/**
	 * Send one text message read from {@code text} to its end, in fragments, without
	 * holding it in memory. The socket's other writers wait until it is sent. The reader
	 * is not closed.
	 * @param text the message
	 * @throws IOException if reading {@code text} fails: the message is then cut short,
	 * so the socket is closed with 1011
	 * @throws WebSocketClosedException if the socket closes before the message is sent
	 */
	void write(Reader text) throws IOException;

	/**
	 * Send one binary message read from {@code data} to its end, in fragments, without
	 * holding it in memory. The socket's other writers wait until it is sent. The stream
	 * is not closed.
	 * @param data the message
	 * @throws IOException if reading {@code data} fails: the message is then cut short,
	 * so the socket is closed with 1011
	 * @throws WebSocketClosedException if the socket closes before the message is sent
	 */
	void write(InputStream data) throws IOException;

	/**
	 * Close the socket gracefully from the server side (close code 1000). Does nothing
	 * when the socket is already closed.
	 */
	void endServer();

	/**
	 * Whether the socket is open.
	 * @return {@code true} between the handshake and the close
	 */
	boolean isOpen();

	/**
	 * The socket's id: 160 random bits from a {@code SecureRandom}, URL-safe. Logs and
	 * exception messages show only its first six characters, so they never hand out a
	 * usable id.
	 * @return the id
	 */
	String webSocketId();

	/**
	 * The id of the HTTP session of the handshake request.
	 * @return the session id, or {@code null} when the handshake had no session
	 */
	@Nullable String sessionId();

	/**
	 * The subprotocol chosen at the handshake.
	 * @return the subprotocol, or {@code null} when none was agreed
	 */
	@Nullable String subprotocol();

	/**
	 * The CSP application the socket was opened through ({@code user} in
	 * {@code /csp/user/...}).
	 * @return the application name
	 */
	String application();

	/**
	 * The CSP class name the socket was opened with.
	 * @return the class name, for example {@code MyApp.MyWebSocketServer}
	 */
	String serverClass();

	/**
	 * Whether the socket is a shared connection (IRIS {@code SharedConnection = 1}),
	 * reachable through {@link CspWebSockets#openServer(String)}.
	 * @return {@code true} for a shared socket, {@code false} for a dedicated one
	 */
	boolean isSharedConnection();

}
