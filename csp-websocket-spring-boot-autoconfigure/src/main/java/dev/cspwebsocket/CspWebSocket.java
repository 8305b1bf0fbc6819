package dev.cspwebsocket;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The base class of a WebSocket server in the {@code %CSP.WebSocket} model: extend it,
 * annotate the class with {@code @Component} (and {@link CspClass} to choose its URL name
 * and subprotocols), and it answers at {@code /csp/{application}/{ClassName}.cls}.
 * <p>
 * <b>One object per socket.</b> Every {@code CspWebSocket} bean is made prototype-scoped
 * at start-up, so each connection gets a fresh, fully injected object: fields are per
 * socket. A bean declared with another explicit scope (request, session, ...) is refused
 * at start-up.
 * <p>
 * <b>Lifecycle.</b> {@link #onPreServer()} runs during the HTTP handshake and may refuse
 * it; {@link #server()} then runs on a thread of its own for the life of the socket (a
 * virtual thread on Java 21+); when it returns the socket is closed with 1000 if still
 * open, and {@link #onPostServer()} runs exactly once, whatever ended the socket (for
 * every server whose {@code onPreServer()} returned normally).
 * <p>
 * <b>Thread safety.</b> {@code write}, {@code endServer}, {@code isOpen} and the
 * accessors are safe from any thread; concurrent writes are serialized, each message sent
 * whole. {@code read} is meant for the {@code server()} thread: one reader at a time.
 *
 * @author csp-websocket-spring-boot
 */
public abstract class CspWebSocket {

	/** The default maximum length of one {@link #read(Duration) read}, as in IRIS. */
	public static final int DEFAULT_READ_LENGTH = 32656;

	private @Nullable Connection connection;

	/**
	 * Runs during the HTTP handshake, before the socket exists: inspect
	 * {@link #handshake()} and throw {@link HandshakeRefusedException} to answer the
	 * client with an HTTP error instead of opening the socket. {@link #webSocketId()},
	 * {@link #sessionId()} and {@link #subprotocol()} are already set. Runs on the
	 * container's request thread: keep it short.
	 * @throws Exception to refuse the handshake (any exception but
	 * {@link HandshakeRefusedException} answers 500)
	 */
	protected void onPreServer() throws Exception {
	}

	/**
	 * The application: talk to the client with {@link #read(Duration)} and
	 * {@link #write(String)} until done. Runs on a thread of its own; when it returns the
	 * socket is closed with 1000 if still open; an exception closes it with 1011.
	 * @throws Exception on failure
	 */
	protected abstract void server() throws Exception;

	/**
	 * Runs exactly once after the socket has closed, whatever closed it; also when the
	 * upgrade fails after {@link #onPreServer()} returned. Not run when
	 * {@code onPreServer()} refused the handshake or threw.
	 * @throws Exception on failure (logged)
	 */
	protected void onPostServer() throws Exception {
	}

	/**
	 * Read up to {@link #DEFAULT_READ_LENGTH} characters or bytes of the next client
	 * message.
	 * @param timeout how long to wait for a message
	 * @return the piece read, or a timeout, or closed
	 * @see #read(int, Duration)
	 */
	public final ReadResult read(Duration timeout) {
		return read(DEFAULT_READ_LENGTH, timeout);
	}

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
	public final ReadResult read(int maxLength, Duration timeout) {
		Assert.isTrue(maxLength > 0, () -> "maxLength must be at least 1, was " + maxLength);
		Assert.isTrue(!timeout.isNegative(), "timeout must not be negative");
		return openConnection("read").read(maxLength, timeout);
	}

	/**
	 * Send a text message.
	 * @param text the message, sent whole
	 * @throws WebSocketClosedException if the socket has closed
	 */
	public final void write(String text) {
		openConnection("write").write(text);
	}

	/**
	 * Send a binary message (IRIS: {@code BinaryData = 1} then {@code Write}).
	 * @param data the message, sent whole
	 * @throws WebSocketClosedException if the socket has closed
	 */
	public final void write(byte[] data) {
		openConnection("write").write(data);
	}

	/**
	 * Close the socket gracefully from the server side (close code 1000). Does nothing
	 * when the socket is already closed.
	 */
	public final void endServer() {
		openConnection("endServer").endServer();
	}

	/**
	 * Whether the socket is open.
	 * @return {@code true} between the handshake and the close
	 */
	public final boolean isOpen() {
		return this.connection != null && this.connection.isOpen();
	}

	/**
	 * The socket's id: 160 random bits from a {@code SecureRandom}, URL-safe. Logs show
	 * only its first six characters, so they never hand out a usable id.
	 * @return the id
	 */
	public final String webSocketId() {
		return connection("webSocketId").id();
	}

	/**
	 * The id of the HTTP session of the handshake request.
	 * @return the session id, or {@code null} when the handshake had no session
	 */
	public final @Nullable String sessionId() {
		return connection("sessionId").sessionId();
	}

	/**
	 * The subprotocol chosen at the handshake.
	 * @return the subprotocol, or {@code null} when none was agreed
	 */
	public final @Nullable String subprotocol() {
		return connection("subprotocol").subprotocol();
	}

	/**
	 * The CSP application the socket was opened through ({@code user} in
	 * {@code /csp/user/...}).
	 * @return the application name
	 */
	public final String application() {
		return connection("application").route().application();
	}

	/**
	 * The CSP class name the socket was opened with.
	 * @return the class name, for example {@code MyApp.MyWebSocketServer}
	 */
	public final String serverClass() {
		return connection("serverClass").route().serverClass().name();
	}

	/**
	 * The handshake request. Available in {@link #onPreServer()} only: copy what the
	 * server needs later into fields there.
	 * @return the handshake
	 * @throws IllegalStateException outside {@code onPreServer()}
	 */
	protected final Handshake handshake() {
		Connection connection = connection("handshake");
		Assert.state(connection.isHandshaking(),
				"handshake() is available in onPreServer() only; copy what you need into fields there");
		return connection.handshake();
	}

	final void bind(Connection connection) {
		this.connection = connection;
	}

	private Connection connection(String operation) {
		Connection connection = this.connection;
		Assert.state(connection != null, () -> operation + "() needs a socket: this " + getClass().getSimpleName()
				+ " was not created for a WebSocket connection (the starter creates one per socket)");
		return connection;
	}

	private Connection openConnection(String operation) {
		Connection connection = connection(operation);
		Assert.state(!connection.isHandshaking(), () -> operation
				+ "() is not available in onPreServer(): the socket opens after the handshake; use it from server()");
		return connection;
	}

}
