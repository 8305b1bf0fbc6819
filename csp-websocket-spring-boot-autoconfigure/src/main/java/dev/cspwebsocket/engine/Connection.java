package dev.cspwebsocket.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.cspwebsocket.BoundSocket;
import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.Handshake;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.ServerBinding;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.routing.Route;
import dev.cspwebsocket.transport.TiedSession;
import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.Assert;

/**
 * One socket: its identity and mode, and the hub that hands the container's events, its
 * server's calls and its parts' reports to the part that keeps each: {@link Inbound} the
 * client's messages and their readers, {@link Outbound} the messages on their way out,
 * {@link CloseHandshake} the close, {@link ClientMessages} the hand-over to
 * {@code onClientMessage()}, {@link Activity} its traffic and heartbeat. Thread-safe:
 * reads wait on the inbound lock, writes go through the outbound owner, and closing is
 * idempotent (the first close wins, under the inbound lock) and wakes every reader and
 * writer.
 *
 * @author csp-websocket-spring-boot
 */
final class Connection implements BoundSocket, TransportListener, Outbound.Owner, ClientMessages.Owner {

	private static final Log logger = LogFactory.getLog(Connection.class);

	private final String id;

	private final long createdNanos = System.nanoTime();

	private final @Nullable TiedSession tiedSession;

	/**
	 * Whether the handshake made {@link #tiedSession}: it ends with the socket if unused.
	 */
	private final boolean sessionMade;

	private final Route route;

	private final @Nullable Principal principal;

	private final @Nullable String remoteAddress;

	private final HandshakeSecurityContext securityContext;

	private volatile SocketThreadContext threadContext;

	private final @Nullable String subprotocol;

	private final SocketContext context;

	private final Inbound inbound;

	private final Outbound outbound;

	private final Activity activity = new Activity();

	private final CloseHandshake closeHandshake;

	private volatile @Nullable Handshake handshake;

	// The request's own session object, for onPreServer().
	private volatile @Nullable Object requestSession;

	private volatile boolean sessionEndOnClose;

	private volatile boolean shared;

	private volatile boolean resumable;

	/** The way to the client of a resumable socket that a client asked to resume. */
	private volatile @Nullable ResumableTransport resumableTransport;

	private volatile @Nullable Transport transport;

	// 0 new, 1 its opening told to the listeners, 2 closed before that: so that they
	// hear of a close exactly when they heard of the opening.
	private final AtomicInteger announced = new AtomicInteger();

	private volatile @Nullable SharedCallbacks sharedCallbacks;

	// The thread of a dedicated server().
	private volatile @Nullable Thread serverThread;

	// Set once the socket is served in shared mode by a server that consumes messages.
	private volatile @Nullable ClientMessages clientMessages;

	// Touched only by the container, which delivers one part at a time.
	private long messageBytes;

	private @Nullable String carriedHighSurrogate;

	/**
	 * Create the socket of a handshake; called on the handshake's request thread, whose
	 * security context it keeps for a dedicated server.
	 */
	Connection(String id, Route route, Handshake handshake, @Nullable Object requestSession,
			@Nullable TiedSession tiedSession, boolean sessionMade, SocketContext context) {
		this.id = id;
		this.tiedSession = tiedSession;
		this.sessionMade = sessionMade;
		this.route = route;
		this.principal = handshake.principal();
		this.remoteAddress = (handshake.remoteAddress() != null)
				? handshake.remoteAddress().getHostString() + ":" + handshake.remoteAddress().getPort() : null;
		this.securityContext = HandshakeSecurityContext.capture();
		this.threadContext = context.observations().uncaptured(shownId(), serverClass());
		this.handshake = handshake;
		this.requestSession = requestSession;
		this.subprotocol = handshake.subprotocol();
		this.context = context;
		this.outbound = new Outbound(this, context.limits(),
				(task) -> context.senders().execute(() -> this.threadContext.run(task)));
		this.inbound = new Inbound(id, context.limits(), context.readTimer(), context.events()::readTimedOut,
				this.outbound::isIdle);
		this.closeHandshake = new CloseHandshake(this, this.inbound, this.outbound, context);
	}

	// Identity and mode

	@Override
	public String webSocketId() {
		return this.id;
	}

	@Override
	public String shownId() {
		return WebSocketIds.shown(this.id);
	}

	@Override
	public @Nullable String sessionId() {
		return (this.tiedSession != null) ? this.tiedSession.id() : null;
	}

	@Nullable TiedSession tiedSession() {
		return this.tiedSession;
	}

	/** Whether the handshake made the HTTP session, which the request did not have. */
	boolean isSessionMade() {
		return this.sessionMade;
	}

	@Override
	public <S> @Nullable S session(Class<S> type) {
		Object session = isHandshaking() ? this.requestSession : null;
		if (session == null) {
			Assert.state(isHandshaking() || !this.shared,
					() -> "session() is not available on shared-connection WebSocket " + shownId()
							+ ": a shared socket is detached from its HTTP session and keeps only its id (sessionId()); "
							+ "read what it needs from the session in onPreServer()");
			session = (this.tiedSession != null) ? this.tiedSession.session() : null;
		}
		if (session == null) {
			return null;
		}
		Object found = session;
		Assert.isTrue(type.isInstance(found), () -> "The HTTP session of WebSocket " + shownId() + " is not a "
				+ type.getName() + ": on this server " + "ask for session(" + sessionKind(found) + ".class)");
		return type.cast(found);
	}

	private static String sessionKind(Object session) {
		for (Class<?> type : session.getClass().getInterfaces()) {
			if (type.getSimpleName().endsWith("Session")) {
				return type.getSimpleName();
			}
		}
		return session.getClass().getName();
	}

	@Override
	public @Nullable Principal principal() {
		Assert.state(isHandshaking() || !this.shared,
				() -> "principal() is not available on shared-connection " + "WebSocket " + shownId()
						+ ": a shared socket is detached from the security context of its HTTP "
						+ "session; read the principal from handshake() in onPreServer()");
		return this.principal;
	}

	HandshakeSecurityContext securityContext() {
		return this.securityContext;
	}

	/** The thread context of the handshake, for the socket's callbacks and sends. */
	SocketThreadContext threadContext() {
		return this.threadContext;
	}

	@Override
	public void setSessionEndOnClose(boolean sessionEndOnClose) {
		this.sessionEndOnClose = sessionEndOnClose;
	}

	boolean isSessionEndOnClose() {
		return this.sessionEndOnClose;
	}

	@Override
	public @Nullable String subprotocol() {
		return this.subprotocol;
	}

	@Override
	public String application() {
		return this.route.application();
	}

	@Override
	public String serverClass() {
		return this.route.serverClass().name();
	}

	@Override
	public Route route() {
		return this.route;
	}

	@Override
	public Handshake handshake() {
		Handshake handshake = this.handshake;
		Assert.state(handshake != null, "The handshake is over");
		return handshake;
	}

	@Override
	public boolean isHandshaking() {
		return this.handshake != null;
	}

	/**
	 * The handshake is over: free the request data; the mode is settled; the thread
	 * context is taken, with what {@code onPreServer()} put in the MDC.
	 */
	void handshakeDone() {
		this.handshake = null;
		this.requestSession = null;
		this.threadContext = this.context.observations().capture(shownId(), serverClass());
	}

	@Override
	public void setSharedConnection(boolean shared) {
		Assert.state(isHandshaking(), "setSharedConnection() is allowed in onPreServer() only: "
				+ "the mode of a socket is settled when its handshake ends");
		this.shared = shared;
	}

	@Override
	public boolean isSharedConnection() {
		return this.shared;
	}

	@Override
	public void setResumable(boolean resumable) {
		Assert.state(isHandshaking(), "setResumable() is allowed in onPreServer() only: "
				+ "whether a socket is resumable is settled when its handshake ends");
		Assert.state(!resumable || this.shared,
				"setResumable(true) needs a shared connection: call setSharedConnection(true) first");
		this.resumable = resumable;
	}

	@Override
	public boolean isResumable() {
		return this.resumable;
	}

	@Override
	public boolean isOpen() {
		return this.transport != null && this.inbound.closed() == null;
	}

	boolean hasClosed() {
		return this.inbound.closed() != null;
	}

	/** When the handshake made this socket. */
	long createdNanos() {
		return this.createdNanos;
	}

	// Serving

	/**
	 * The socket is served in shared mode: its server's callbacks run on
	 * {@code serverTasks}, and whole client messages go to its {@code onClientMessage()}
	 * first when it has one.
	 */
	void servedOn(ServerBinding server, SerialExecutor serverTasks) {
		SharedCallbacks callbacks = new SharedCallbacks(server, serverTasks);
		this.sharedCallbacks = callbacks;
		if (server.consumesClientMessages()) {
			this.clientMessages = new ClientMessages(callbacks, this.inbound, this);
		}
	}

	/** The server and tasks of a shared socket, once served. */
	@Nullable SharedCallbacks sharedCallbacks() {
		return this.sharedCallbacks;
	}

	/** A dedicated server's {@code server()} runs on the calling thread from now on. */
	void servedHere() {
		this.serverThread = Thread.currentThread();
	}

	/**
	 * Whether the caller is this socket's own server: its dedicated {@code server()}
	 * thread, or a callback of its shared server.
	 */
	private boolean isServerThread() {
		SharedCallbacks callbacks = this.sharedCallbacks;
		return (callbacks != null) ? callbacks.tasks().isRunningHere() : this.serverThread == Thread.currentThread();
	}

	// The container's events

	@Override
	public void opened(Transport transport) {
		if (transport instanceof ResumableTransport resumableTransport) {
			this.resumableTransport = resumableTransport;
		}
		this.activity.opened();
		this.inbound.opened(transport, this.shared);
		this.outbound.opened(transport);
		this.transport = transport;
		this.context.events().opened(this);
	}

	@Override
	public void pong() {
		this.activity.pong();
	}

	@Override
	public void stalled() {
		slowConsumer();
	}

	@Override
	public void text(String part, boolean last) {
		String text = part;
		if (this.carriedHighSurrogate != null) {
			text = this.carriedHighSurrogate + text;
			this.carriedHighSurrogate = null;
		}
		// Keep every part whole characters: a pair split by the container waits for its
		// other half.
		if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
			this.carriedHighSurrogate = text.substring(text.length() - 1);
			text = text.substring(0, text.length() - 1);
		}
		if (!text.isEmpty() || last) {
			received(new InboundMessages.TextPart(text, last, Utf8.length(text)));
		}
	}

	@Override
	public void text(String part, boolean last, int bytes) {
		// Whole characters: no half of a pair to carry.
		if (!part.isEmpty() || last) {
			received(new InboundMessages.TextPart(part, last, bytes));
		}
	}

	@Override
	public void binary(ByteBuffer part, boolean last) {
		// The container reuses its buffer once we return: copy.
		byte[] data = new byte[part.remaining()];
		part.get(data);
		if (data.length > 0 || last) {
			received(new InboundMessages.BinaryPart(data, last));
		}
	}

	/** A message part from the client; called by the container, one part at a time. */
	private void received(InboundMessages.Part part) {
		if (hasClosed()) {
			return;
		}
		this.messageBytes += part.bytes();
		boolean text = part instanceof InboundMessages.TextPart;
		SocketLimits limits = this.context.limits();
		long limit = text ? limits.maxTextMessageSize() : limits.maxBinaryMessageSize();
		boolean tooBig = this.messageBytes > limit;
		this.activity.received(part.bytes(), part.last() && !tooBig);
		if (tooBig) {
			close(new CloseStatus(CloseStatus.TOO_BIG,
					(text ? "Text" : "Binary") + " message larger than " + limit + " bytes"));
			return;
		}
		long wholeMessageBytes = this.messageBytes;
		if (part.last()) {
			this.messageBytes = 0;
			this.context.events().messageReceived(!text, wholeMessageBytes);
		}
		ClientMessages clientMessages = this.clientMessages;
		if (clientMessages != null) {
			clientMessages.received(part, wholeMessageBytes);
		}
		else {
			CloseStatus overflow = this.inbound.add(part);
			if (overflow != null) {
				if (this.shared) {
					queueOverflowed(overflow);
				}
				else {
					close(overflow);
				}
				return;
			}
		}
		if (part.last()) {
			// On a container that would answer a close behind it at once, the next frame
			// waits for the server's answer.
			this.inbound.awaitAnswer();
		}
	}

	/**
	 * The client has sent a close frame, whose answer the transport holds back: readers
	 * get what came before it, and the answer goes once the server is done with them.
	 */
	@Override
	public void closing(int code, String reason) {
		this.closeHandshake.clientClosing(code, reason);
	}

	@Override
	public void failure(String what, Throwable failure) {
		if (logger.isDebugEnabled()) {
			this.threadContext.run(() -> logger.debug(what + " on WebSocket " + shownId() + " of " + route(), failure));
		}
	}

	/** The container reports the socket closed, by the client or by the network. */
	@Override
	public void closed(int code, String reason) {
		this.closeHandshake.connectionClosed(code, reason);
	}

	/**
	 * The server object has ended: a shared socket's client close is answered, unless
	 * readers elsewhere have messages left to take.
	 */
	void serverEnded() {
		this.closeHandshake.serverEnded();
	}

	// Reading and writing

	@Override
	public ReadResult read(Duration timeout) {
		return read(DEFAULT_READ_LENGTH, timeout);
	}

	@Override
	public ReadResult read(int maxLength, Duration timeout) {
		if (timeout.compareTo(Duration.ZERO) > 0) {
			NonBlockingThreads.assertMayBlock("read() with a timeout on WebSocket " + shownId());
		}
		return read(maxLength, timeout, Thread.currentThread(), false);
	}

	/**
	 * Read for a reader, as {@link Inbound#read} does.
	 * @param held whether the queue stays the reader's until {@link #settle}
	 */
	ReadResult read(int maxLength, Duration timeout, Object reader, boolean held) {
		ClientMessages clientMessages = this.clientMessages;
		Assert.state(clientMessages == null || !clientMessages.isCallbackThread(),
				"read() in a callback of a server with onClientMessage() would wait for itself: its messages "
						+ "reach read() only after onClientMessage() returns; read from another thread, "
						+ "or handle them in onClientMessage()");
		ReadResult result = this.inbound.read(maxLength, timeout, reader, held);
		if (result instanceof ReadResult.Closed) {
			// Every message before the client's close is read, and answered.
			this.closeHandshake.answerClientClose(true);
		}
		return result;
	}

	/** As {@link Inbound#isReadingMessage}. */
	boolean isReadingMessage(Object reader) {
		return this.inbound.isReadingMessage(reader);
	}

	/** As {@link Inbound#settle}. */
	void settle(ReadResult.Message piece, Object reader, boolean continued, boolean delivered) {
		this.inbound.settle(piece, reader, continued, delivered);
	}

	/** As {@link Inbound#readerGone}. */
	boolean readerGone(Predicate<Object> gone) {
		return this.inbound.readerGone(gone);
	}

	@Override
	public void write(String text) {
		this.outbound.send(new Outgoing.Text(text, true), text.length(), isServerThread());
	}

	@Override
	public void write(byte[] data) {
		this.outbound.send(new Outgoing.Binary(data, true), data.length, isServerThread());
	}

	@Override
	public void write(Reader text) throws IOException {
		this.outbound.stream(Fragments.of(text));
	}

	@Override
	public void write(InputStream data) throws IOException {
		this.outbound.stream(Fragments.of(data));
	}

	@Override
	public WebSocketClosedException closedException(@Nullable Throwable cause) {
		ReadResult.Closed closed = this.inbound.closed();
		if (closed == null) {
			closed = new ReadResult.Closed(CloseStatus.SERVER_ERROR, "Send failed");
		}
		return new WebSocketClosedException(this.id,
				"WebSocket " + shownId() + " is closed (" + closed.code()
						+ (closed.reason().isEmpty() ? "" : " " + closed.reason()) + "): the message was not sent",
				closed.code(), cause);
	}

	@Override
	public void frameSent(Outgoing frame) {
		if (frame instanceof Outgoing.Ping) {
			// Heartbeats are not traffic: they keep no idle socket or session alive.
			this.activity.pingSent();
		}
		else {
			this.activity.sent();
		}
	}

	@Override
	public void messageSent(boolean binary, long bytes) {
		this.activity.messageSent(bytes);
		this.context.events().messageSent(binary, bytes);
	}

	@Override
	public void idle() {
		this.inbound.wayOutIdle();
	}

	@Override
	public void sendFailed(Throwable failure, boolean stalled) {
		if (stalled || NestedExceptionUtils.getRootCause(failure) instanceof SocketTimeoutException
				|| failure instanceof SocketTimeoutException) {
			slowConsumer();
		}
		else {
			close(new CloseStatus(CloseStatus.SERVER_ERROR, "Send failed"));
		}
	}

	// Liveness

	/** Ends the socket when it has seen no traffic for the idle timeout. */
	void expireIfIdle(long now) {
		Duration idleTimeout = this.context.limits().idleTimeout();
		if (this.shared && this.activity.idleNanos(now) >= idleTimeout.toNanos()) {
			this.closeHandshake.closeCounted(new CloseStatus(CloseStatus.GOING_AWAY,
					"Idle timeout: no traffic for " + idleTimeout.toMillis() + " ms"), CloseReason.IDLE);
		}
	}

	/**
	 * Ping the client when a ping is due, and end the socket when the client has not
	 * answered the last one in time. Reading paused by the server does not count against
	 * the client: the answer may be waiting, unread.
	 */
	void heartbeat(long now, Heartbeat heartbeat) {
		if (hasClosed() || this.transport == null) {
			return;
		}
		ResumableTransport resumableTransport = this.resumableTransport;
		if (resumableTransport != null) {
			resumableTransport.expireIfPastGrace(now);
		}
		if (this.activity.pongOverdue(now, heartbeat, this.inbound.resumedNanos()) && !this.inbound.isPaused()) {
			close(new CloseStatus(CloseStatus.GOING_AWAY,
					"Pong timeout: no answer to a ping within " + heartbeat.pongTimeout().toMillis() + " ms"),
					CloseReason.PONG_TIMEOUT, false);
		}
		else if (this.activity.pingDue(now, heartbeat) && !this.outbound.offer(new Outgoing.Ping())) {
			// Closed, or the send buffer is full, which the send-time limit watches.
			this.activity.pingNotQueued();
		}
	}

	/** When the client last sent data: what keeps an HTTP session alive. */
	long lastClientMessageNanos() {
		return this.activity.lastClientMessageNanos();
	}

	// Status

	/** The way to the client of a resumable socket whose client speaks the protocol. */
	@Nullable ResumableTransport resumableTransport() {
		return this.resumableTransport;
	}

	/** Whether this is a resumable socket away from its client. */
	boolean isAway() {
		ResumableTransport resumableTransport = this.resumableTransport;
		return resumableTransport != null && resumableTransport.isAway();
	}

	/** The handshake's user, also of a shared socket, for a resume's check. */
	@Nullable Principal handshakePrincipal() {
		return this.principal;
	}

	/** What the socket is and has done, now, on node {@code node}. */
	WebSocketInfo info(String node) {
		Principal principal = this.principal;
		ResumableTransport resumableTransport = this.resumableTransport;
		Activity activity = this.activity;
		return new WebSocketInfo(this.id, application(), serverClass(), this.shared, isOpen(), this.subprotocol,
				this.remoteAddress, activity.openedAt(), activity.lastActivity(), activity.messagesIn(),
				activity.bytesIn(), activity.messagesOut(), activity.bytesOut(), inboundQueued(), outboundBuffered(),
				sessionId(), (principal != null) ? principal.getName() : null, node,
				(resumableTransport != null) ? resumableTransport.away() : null);
	}

	/**
	 * Client messages waiting to be read, or on their way to {@code onClientMessage()}.
	 */
	int inboundQueued() {
		return this.inbound.queued();
	}

	/** Bytes accepted for sending and not yet sent. */
	long outboundBuffered() {
		return this.outbound.bufferedBytes();
	}

	/** How long the socket has been, or was, open. */
	Duration lifetime() {
		return this.activity.lifetime();
	}

	CloseReason closeReason() {
		return this.inbound.closeReason();
	}

	/** The close code, once the socket has closed. */
	@Nullable Integer closeCode() {
		ReadResult.Closed closed = this.inbound.closed();
		return (closed != null) ? closed.code() : null;
	}

	/**
	 * @return whether the listeners are to hear of the opening
	 */
	boolean announceOpening() {
		return this.announced.compareAndSet(0, 1);
	}

	/**
	 * @return whether the listeners are to hear of the close
	 */
	boolean announceClose() {
		return this.announced.getAndSet(2) == 1;
	}

	// Closing, by the close handshake

	@Override
	public void endServer() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void slowConsumer() {
		this.closeHandshake.slowConsumer();
	}

	@Override
	public void queueOverflowed(CloseStatus status) {
		this.closeHandshake.queueOverflowed(status);
	}

	/**
	 * Close from the server side, once the message being sent is out; the close frame
	 * goes from a sender thread.
	 * @return {@code true} if this call closed the socket, {@code false} if it was closed
	 * already
	 */
	@Override
	public boolean close(CloseStatus status) {
		return this.closeHandshake.close(status);
	}

	/** As {@link CloseHandshake#close(CloseStatus, CloseReason, boolean)}. */
	boolean close(CloseStatus status, CloseReason reason, boolean fromCaller) {
		return this.closeHandshake.close(status, reason, fromCaller);
	}

	/** The connection, once open. */
	@Nullable Transport transport() {
		return this.transport;
	}

}
