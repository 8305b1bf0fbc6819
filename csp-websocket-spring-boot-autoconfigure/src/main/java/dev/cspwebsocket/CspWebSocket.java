package dev.cspwebsocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.security.Principal;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

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
 * <b>Dedicated sockets</b> (the default). {@link #onPreServer()} runs during the HTTP
 * handshake and may refuse it; {@link #server()} then runs on a thread of its own for the
 * life of the socket (a virtual thread on Java 21+); when it returns the socket is closed
 * with 1000 if still open, and {@link #onPostServer()} runs.
 * <p>
 * <b>Shared-connection sockets</b> ({@link #setSharedConnection(boolean)
 * setSharedConnection(true)} in {@code onPreServer()}). {@code server()} runs on the
 * shared pool and may return at once: the socket stays open. Any thread then reaches it
 * with {@link CspWebSockets#openServer(String)} to read, write or end it; client messages
 * wait in a bounded queue for a reader, unless {@link #onClientMessage} consumes them.
 * {@code server()}, {@code onClientMessage} and {@code onPostServer()} of one socket
 * never run at the same time. {@code onPostServer()} runs when the socket ends, whatever
 * ends it: {@code endServer()}, the client, the network, idle expiry, the limits or
 * shutdown.
 * <p>
 * In both modes {@code onPostServer()} runs exactly once for every server whose
 * {@code onPreServer()} returned normally.
 * <p>
 * <b>HTTP session and identity.</b> A socket is tied to the HTTP session of its handshake
 * ({@link #sessionId()}): when the session ends the socket is closed with 1008, and the
 * client's messages keep the session alive. A dedicated server runs in the security
 * context of the session: {@link #session(Class)} reads and writes its attributes,
 * {@link #principal()} is the handshake's user, and with Spring Security its thread's
 * {@code SecurityContextHolder} holds the handshake's authentication. A shared socket is
 * detached: it keeps only the session id.
 * <p>
 * <b>Thread safety.</b> The {@link WebSocketServer} methods are safe from any thread (see
 * there for how concurrent writes and reads behave). The callbacks are called by the
 * starter, never concurrently with each other.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public abstract class CspWebSocket implements WebSocketServer {

	private static final ClassValue<Boolean> CONSUMES_CLIENT_MESSAGES = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			Method method = ReflectionUtils.findMethod(ClassUtils.getUserClass(type), "onClientMessage",
					ReadResult.Message.class);
			return method != null && method.getDeclaringClass() != CspWebSocket.class;
		}

	};

	private @Nullable BoundSocket socket;

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
	 * {@link #write(String)} until done. A dedicated socket's runs on a thread of its
	 * own; when it returns the socket is closed with 1000 if still open. A shared
	 * socket's runs on the shared pool and may return at once, leaving the socket open.
	 * An exception closes the socket with 1011, but a {@link WebSocketClosedException}
	 * from a write to this socket only says that the client has left: the server ends
	 * quietly.
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
	 * A whole client message of a shared socket, before it is queued for
	 * {@link #read(Duration) read()} (IRIS {@code OnClientMessage}). Override it to
	 * handle messages as they come instead of reading them: return {@code true} when the
	 * message is consumed, {@code false} to queue it for a reader. Runs on the shared
	 * pool, or on the container's virtual thread that received the message when the
	 * container runs on virtual threads, one message at a time per socket, never beside
	 * another callback of the socket, in the order they arrived; an exception closes the
	 * socket with 1011, but for a {@link WebSocketClosedException} from a write to this
	 * socket, which its client has closed. Not called for dedicated sockets, whose
	 * {@code server()} reads.
	 * @param message the whole message: {@link ReadResult.Text} or
	 * {@link ReadResult.Binary}, {@code atEnd()} true
	 * @return whether the message is consumed
	 * @throws Exception on failure
	 */
	protected boolean onClientMessage(ReadResult.Message message) throws Exception {
		return false;
	}

	/**
	 * Make the socket a shared connection (IRIS {@code SharedConnection = 1}), or a
	 * dedicated one (the default). Allowed in {@link #onPreServer()} only.
	 * @param shared {@code true} for a shared connection
	 * @throws IllegalStateException outside {@code onPreServer()}
	 */
	protected final void setSharedConnection(boolean shared) {
		connection("setSharedConnection").setSharedConnection(shared);
	}

	@Override
	public final boolean isSharedConnection() {
		return connection("isSharedConnection").isSharedConnection();
	}

	/**
	 * Make this shared connection resumable: when its connection drops without a close,
	 * the socket is away for the resume grace period
	 * ({@code csp.websocket.shared.resume-grace}) instead of ending,
	 * {@code openServer(id)} still finds it and writes are kept, and a client that speaks
	 * the resume protocol (the project's JavaScript client with {@code resume: true})
	 * gets the same socket back, with every message it missed. A client that does not ask
	 * for the protocol sees a socket like any other. Allowed in {@link #onPreServer()}
	 * only, after {@link #setSharedConnection(boolean) setSharedConnection(true)}.
	 * @param resumable {@code true} for a resumable socket
	 * @throws IllegalStateException outside {@code onPreServer()}, or on a dedicated
	 * socket
	 */
	protected final void setResumable(boolean resumable) {
		connection("setResumable").setResumable(resumable);
	}

	/**
	 * Whether this socket was made resumable ({@link #setResumable(boolean)}).
	 * @return whether it was
	 */
	public final boolean isResumable() {
		return connection("isResumable").isResumable();
	}

	@Override
	public final ReadResult read(Duration timeout) {
		return read(DEFAULT_READ_LENGTH, timeout);
	}

	@Override
	public final ReadResult read(int maxLength, Duration timeout) {
		return openConnection("read").read(maxLength, timeout);
	}

	@Override
	public final void write(String text) {
		openConnection("write").write(text);
	}

	@Override
	public final void write(byte[] data) {
		openConnection("write").write(data);
	}

	@Override
	public final void write(Reader text) throws IOException {
		openConnection("write").write(text);
	}

	@Override
	public final void write(InputStream data) throws IOException {
		openConnection("write").write(data);
	}

	@Override
	public final void endServer() {
		openConnection("endServer").endServer();
	}

	@Override
	public final boolean isOpen() {
		BoundSocket socket = this.socket;
		return socket != null && socket.isOpen();
	}

	@Override
	public final String webSocketId() {
		return connection("webSocketId").webSocketId();
	}

	@Override
	public final @Nullable String sessionId() {
		return connection("sessionId").sessionId();
	}

	@Override
	public final @Nullable String subprotocol() {
		return connection("subprotocol").subprotocol();
	}

	@Override
	public final String application() {
		return connection("application").application();
	}

	@Override
	public final String serverClass() {
		return connection("serverClass").serverClass();
	}

	/**
	 * The HTTP session of the handshake, live: attributes read here are the session's
	 * now, and attributes written here are saved to it. It is the kind of session of the
	 * server the application runs on: on a servlet container (Tomcat, Jetty) an
	 * {@code HttpSession}, of the container or of Spring Session's store; on WebFlux
	 * (Reactor Netty) a {@code WebSession}. Available in {@link #onPreServer()} and to
	 * dedicated sockets; a shared socket is detached from its session.
	 * <p>
	 * For example {@code session(HttpSession.class).getAttribute("user")}. The type is
	 * asked for, rather than returned, so that this class needs no servlet classes on
	 * WebFlux.
	 * @param <S> the kind of session
	 * @param type {@code HttpSession.class} on a servlet container,
	 * {@code WebSession.class} on WebFlux
	 * @return the session, or {@code null} when the handshake had none (possible only
	 * with {@code csp.websocket.session.create=false})
	 * @throws IllegalStateException on a shared socket after {@code onPreServer()}
	 * @throws IllegalArgumentException when the session is of another kind: the message
	 * names the one to ask for
	 */
	protected final <S> @Nullable S session(Class<S> type) {
		return connection("session").session(type);
	}

	/**
	 * The authenticated user of the handshake. Available in {@link #onPreServer()} and to
	 * dedicated sockets; a shared socket is detached from its session's security context.
	 * @return the user, or {@code null} when the handshake was not authenticated
	 * @throws IllegalStateException on a shared socket after {@code onPreServer()}
	 */
	protected final @Nullable Principal principal() {
		return connection("principal").principal();
	}

	/**
	 * End the HTTP session when this socket closes (IRIS {@code SessionEndOnClose}):
	 * after {@code onPostServer()} the session is invalidated, which also closes the
	 * other sockets of the session with 1008. No effect on a socket without a session.
	 * @param sessionEndOnClose whether closing ends the session
	 */
	protected final void setSessionEndOnClose(boolean sessionEndOnClose) {
		connection("setSessionEndOnClose").setSessionEndOnClose(sessionEndOnClose);
	}

	/**
	 * The handshake request. Available in {@link #onPreServer()} only: copy what the
	 * server needs later into fields there.
	 * @return the handshake
	 * @throws IllegalStateException outside {@code onPreServer()}
	 */
	protected final Handshake handshake() {
		BoundSocket connection = connection("handshake");
		Assert.state(connection.isHandshaking(),
				"handshake() is available in onPreServer() only; copy what you need into fields there");
		return connection.handshake();
	}

	final void bind(BoundSocket socket) {
		this.socket = socket;
	}

	final boolean isBound() {
		return this.socket != null;
	}

	/** Whether this server's class overrides {@link #onClientMessage}. */
	final boolean consumesClientMessages() {
		return CONSUMES_CLIENT_MESSAGES.get(getClass());
	}

	private BoundSocket connection(String operation) {
		BoundSocket socket = this.socket;
		Assert.state(socket != null, () -> operation + "() needs a socket: this " + getClass().getSimpleName()
				+ " was not created for a WebSocket connection (the starter creates one per socket)");
		return socket;
	}

	private BoundSocket openConnection(String operation) {
		BoundSocket connection = connection(operation);
		Assert.state(!connection.isHandshaking(), () -> operation
				+ "() is not available in onPreServer(): the socket opens after the handshake; use it from server()");
		return connection;
	}

}
