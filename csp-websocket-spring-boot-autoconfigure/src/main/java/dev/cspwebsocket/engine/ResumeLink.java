package dev.cspwebsocket.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;

/**
 * One connection of a resumable socket: what its container reports to. It hands the
 * application's messages to the socket's {@link Connection} while its connection is the
 * socket's current one, takes the resume protocol's control messages out of the stream,
 * counts the client's whole messages, and turns a drop without a close (or a close with
 * {@value ResumeProtocol#BE_RIGHT_BACK}) into the socket being away. A link made for a
 * resume first waits for the client's {@code resume} message. Events of a connection that
 * is no longer current are dropped: the client has moved on.
 * <p>
 * Thread-safety: the container reports one event at a time per connection, which is all
 * this needs.
 *
 * @author csp-websocket-spring-boot
 */
final class ResumeLink implements TransportListener {

	/** How long a resuming client has to send its resume message. */
	private static final long RESUME_MESSAGE_SECONDS = 5;

	/** Control messages are short; a longer marked message is the application's. */
	private static final int MAX_CONTROL_LENGTH = 512;

	private final ResumableTransport socket;

	private final TransportListener connection;

	/** Counts a resume refused once the connection is open. */
	private final Runnable refused;

	private @Nullable Transport transport;

	/** Waiting for the client's resume message. */
	private volatile boolean resuming;

	/** The next part begins a message, or the parts so far were empty. */
	private boolean firstCharacterPending = true;

	/** A marked message being gathered: a control message, or an escaped one. */
	private @Nullable StringBuilder marked;

	private ResumeLink(ResumableTransport socket, TransportListener connection, boolean resuming, Runnable refused) {
		this.socket = socket;
		this.connection = connection;
		this.resuming = resuming;
		this.refused = refused;
	}

	/** The link of a resumable socket's first connection. */
	static ResumeLink first(ResumableTransport socket, TransportListener connection) {
		return new ResumeLink(socket, connection, false, () -> {
		});
	}

	/**
	 * The link of a connection on which a client resumes {@code socket}; {@code refused}
	 * counts a resume refused once open.
	 */
	static ResumeLink resuming(ResumableTransport socket, TransportListener connection, Runnable refused) {
		return new ResumeLink(socket, connection, true, refused);
	}

	@Override
	public void opened(Transport transport) {
		this.transport = transport;
		if (this.resuming) {
			CompletableFuture.delayedExecutor(RESUME_MESSAGE_SECONDS, TimeUnit.SECONDS).execute(() -> {
				if (this.resuming) {
					this.resuming = false;
					this.refused.run();
					transport.close(ResumeProtocol.REFUSED,
							ResumeProtocol.refusal("no resume message within " + RESUME_MESSAGE_SECONDS + " s"));
				}
			});
			return;
		}
		this.socket.opened(this, transport);
		this.connection.opened(this.socket);
		this.socket.hello();
	}

	@Override
	public void text(String part, boolean last) {
		text(part, last, -1);
	}

	@Override
	public void text(String part, boolean last, int bytes) {
		if (!this.resuming && !this.socket.isCurrent(this)) {
			return;
		}
		StringBuilder marked = this.marked;
		if (marked == null && this.firstCharacterPending && ResumeProtocol.isMarked(part)) {
			marked = new StringBuilder();
			this.marked = marked;
		}
		if (marked != null) {
			gather(marked, part, last);
			return;
		}
		if (this.resuming) {
			protocolError("A resume begins with the resume message");
			return;
		}
		if (!part.isEmpty()) {
			this.firstCharacterPending = false;
		}
		this.connection.text(part, last, bytes);
		if (last) {
			messageEnded();
		}
	}

	private void gather(StringBuilder marked, String part, boolean last) {
		marked.append(part);
		boolean escaped = marked.length() > 1 && marked.charAt(1) == ResumeProtocol.MARK;
		if (escaped && (last || marked.length() > MAX_CONTROL_LENGTH)) {
			// The application's own message: it goes on without the added mark.
			this.marked = null;
			this.firstCharacterPending = false;
			text(ResumeProtocol.unescape(marked.toString()), last, -1);
			return;
		}
		if (!last) {
			if (marked.length() > MAX_CONTROL_LENGTH) {
				protocolError("A control message is at most " + MAX_CONTROL_LENGTH + " characters");
			}
			return;
		}
		this.marked = null;
		ResumeProtocol.Control control = ResumeProtocol.control(marked.toString());
		if (control != null) {
			control(control);
		}
	}

	private void control(ResumeProtocol.Control control) {
		if (this.resuming) {
			long received = control.count(2);
			if (!control.word().equals("resume") || received < 0) {
				protocolError("A resume begins with \\u0000resume <secret> <count>");
				return;
			}
			Transport transport = this.transport;
			String refused = (transport != null) ? this.socket.resume(this, transport, control.word(1), received)
					: "not open";
			this.resuming = false;
			if (refused != null && transport != null) {
				this.refused.run();
				transport.close(ResumeProtocol.REFUSED, ResumeProtocol.refusal(refused));
			}
			return;
		}
		if (control.word().equals("ack") && this.socket.acknowledged(control.count(1))) {
			return;
		}
		protocolError("Unknown or wrong control message \\u0000" + control.word());
	}

	@Override
	public void binary(ByteBuffer part, boolean last) {
		if (this.resuming) {
			protocolError("A resume begins with the resume message");
			return;
		}
		if (!this.socket.isCurrent(this)) {
			return;
		}
		this.firstCharacterPending = false;
		this.connection.binary(part, last);
		if (last) {
			messageEnded();
		}
	}

	private void messageEnded() {
		this.firstCharacterPending = true;
		this.socket.received();
	}

	@Override
	public void pong() {
		if (this.socket.isCurrent(this)) {
			this.connection.pong();
		}
	}

	@Override
	public void stalled() {
		if (this.socket.isCurrent(this)) {
			this.connection.stalled();
		}
	}

	@Override
	public void closing(int code, String reason) {
		if (!this.socket.isCurrent(this)) {
			return;
		}
		Transport transport = this.transport;
		if (code == ResumeProtocol.BE_RIGHT_BACK && transport != null && this.socket.lost(this)) {
			// The answer the container holds back: this connection is done with.
			transport.close(code, reason);
			return;
		}
		this.socket.closeBegun(this);
		this.connection.closing(code, reason);
	}

	/** Logged for the socket, whether or not it has left this connection. */
	@Override
	public void failure(String what, Throwable failure) {
		this.connection.failure(what, failure);
	}

	@Override
	public void closed(int code, String reason) {
		this.resuming = false;
		if (this.socket.connectionClosed(this, code)) {
			this.connection.closed(code, reason);
		}
	}

	private void protocolError(String reason) {
		Transport transport = this.transport;
		if (!this.resuming) {
			this.socket.closeBegun(this);
		}
		if (transport != null) {
			transport.close(CloseStatus.PROTOCOL_ERROR, reason);
		}
	}

}
