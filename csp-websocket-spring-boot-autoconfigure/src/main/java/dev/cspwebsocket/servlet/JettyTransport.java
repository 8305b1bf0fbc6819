package dev.cspwebsocket.servlet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One socket on Jetty's own WebSocket API: a listener that takes every frame, or the part
 * of one read so far, as a part of its message and asks for the next one only while the
 * engine reads on (Jetty's demand), and the engine's {@link Transport} through Jetty's
 * sends, each awaited at most the send-time limit. Sends follow the engine's rule of one
 * thread at a time; the rest is safe from any thread.
 * <p>
 * Public only because Jetty calls its listeners through method handles; internal to the
 * starter.
 *
 * @author csp-websocket-spring-boot
 */
public final class JettyTransport implements Session.Listener, Transport {

	/** Reading is paused: parts delivered from now on ask for no more. */
	private static final int PAUSED = 1;

	/** A part was delivered while paused, and its demand is owed. */
	private static final int OWED = 2;

	/** This side's close has gone, or answered the client's. */
	private static final Callback SENT = Callback.NOOP;

	/** The code of a connection that ended without a close frame. */
	private static final int NO_CLOSE_FRAME = 1006;

	private final TransportListener socket;

	private final SocketLimits limits;

	private final AtomicInteger reading = new AtomicInteger();

	/**
	 * Jetty's answer to the client's close, held until the engine closes; {@link #SENT}
	 * once this side's close has gone, when the client's close needs no answer.
	 */
	private final AtomicReference<@Nullable Callback> closeAnswer = new AtomicReference<>();

	private volatile @Nullable Session session;

	JettyTransport(TransportListener socket, SocketLimits limits) {
		this.socket = socket;
		this.limits = limits;
	}

	@Override
	public void onWebSocketOpen(Session session) {
		// The engine's pings and idle expiry decide when a quiet socket has gone.
		session.setIdleTimeout(Duration.ZERO);
		// Frames of any size, handed over in parts as they are read (a frame longer than
		// Jetty's 64 KB frame size in several): the size limits are the engine's. Jetty's
		// read buffers are pooled, so no smaller part would save memory; smaller parts
		// only cost CPU.
		session.setAutoFragment(true);
		this.session = session;
		this.socket.opened(this);
		session.demand();
	}

	@Override
	public void onWebSocketPartialText(String payload, boolean last) {
		this.socket.text(payload, last);
		demandUnlessPaused();
	}

	@Override
	public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
		this.socket.binary(payload, last);
		callback.succeed();
		demandUnlessPaused();
	}

	@Override
	public void onWebSocketPong(ByteBuffer payload) {
		this.socket.pong();
		demandUnlessPaused();
	}

	@Override
	public void onWebSocketClose(int code, String reason, Callback callback) {
		String text = (reason != null) ? reason : "";
		// Jetty answers the client's close frame when the callback succeeds: held until
		// the server has answered the messages before it. A close of Jetty's own (a bad
		// frame, which it has answered already) finds the way out closed: the connection
		// has ended.
		Session session = this.session;
		if (code != NO_CLOSE_FRAME && session != null && session.isOpen()
				&& this.closeAnswer.compareAndSet(null, callback)) {
			this.socket.closing(code, text);
			return;
		}
		callback.succeed();
		this.socket.closed(code, text);
	}

	@Override
	public void onWebSocketError(Throwable failure) {
		// Jetty reports the close that follows; the server sees it on read().
		this.socket.failure("Transport error", failure);
	}

	private void demandUnlessPaused() {
		while (true) {
			int state = this.reading.get();
			if ((state & PAUSED) == 0) {
				session().demand();
				return;
			}
			if (this.reading.compareAndSet(state, state | OWED)) {
				return;
			}
		}
	}

	@Override
	public boolean takesSendsNow() {
		// Whether the client's connection has room is not to be known ahead of a send.
		return false;
	}

	@Override
	public boolean pauseReading() {
		this.reading.getAndUpdate((state) -> state | PAUSED);
		return true;
	}

	@Override
	public void resumeReading() {
		if ((this.reading.getAndSet(0) & OWED) != 0) {
			session().demand();
		}
	}

	@Override
	public int sendText(String text, boolean last) throws IOException {
		await((sent) -> session().sendPartialText(text, last, sent));
		return -1;
	}

	@Override
	public void sendBinary(ByteBuffer data, boolean last) throws IOException {
		await((sent) -> session().sendPartialBinary(data, last, sent));
	}

	@Override
	public void sendPing() throws IOException {
		await((sent) -> session().sendPing(ByteBuffer.allocate(0), sent));
	}

	@Override
	public boolean holdsCloseAnswer() {
		return true;
	}

	@Override
	public boolean pausesForAnswers() {
		// Jetty fails the connection with a close frame of its own the moment it parses a
		// bad frame: it reads none behind a message until the message is answered.
		return true;
	}

	@Override
	public void close(int code, String reason) {
		Callback held = this.closeAnswer.getAndSet(SENT);
		if (held != null) {
			// Jetty answers with the client's code, and ends the connection.
			held.succeed();
			return;
		}
		Session session = session();
		try {
			await((sent) -> session.close(code, reason, sent));
			// Jetty waits for the client's answer to a normal close: a client that never
			// answers is dropped after the send-time limit. Counted from the close frame:
			// set before it, the timeout would end a socket idle for longer at once, with
			// a close of Jetty's own.
			session.setIdleTimeout(this.limits.sendTimeLimit());
		}
		catch (IOException ex) {
			this.socket.failure("Closing failed", ex);
		}
	}

	/**
	 * Wait for a send at most the send-time limit; past it, the client has taken nothing
	 * for that long, and the connection is dropped, as Tomcat drops it.
	 */
	private void await(Consumer<Callback> send) throws IOException {
		CompletableFuture<Void> sent = new CompletableFuture<>();
		send.accept(Callback.from(() -> sent.complete(null), sent::completeExceptionally));
		try {
			sent.get(this.limits.sendTimeLimit().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			session().disconnect();
			throw new SocketTimeoutException(
					"The client took nothing for " + this.limits.sendTimeLimit().toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = Objects.requireNonNull(ex.getCause(), "A future fails with a cause");
			throw new IOException(cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while sending");
		}
	}

	private Session session() {
		Session session = this.session;
		Assert.state(session != null, "The socket is not open yet");
		return session;
	}

}
