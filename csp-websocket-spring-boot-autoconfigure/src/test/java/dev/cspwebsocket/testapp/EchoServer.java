package dev.cspwebsocket.testapp;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.HandshakeRefusedException;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * An echo server driven by its handshake's query parameters, recording what it sees in
 * {@link ServerEvents}: {@code tag} names the socket; {@code len} is the read length;
 * {@code timeout} the read timeout in milliseconds; {@code pieces} echoes every piece as
 * "end:" or "more:" plus its data; {@code flood} writes to its own client until the write
 * fails; {@code gated} waits for the test before reading, {@code preGate} before the end
 * of {@code onPreServer()}; {@code refuse} and {@code boom} refuse the handshake.
 * Messages: {@code exit} ends the server, {@code fail} throws.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass(value = "Test.Echo", subprotocols = { "chat", "superchat" })
public class EchoServer extends CspWebSocket {

	private final ServerEvents events;

	private ServerEvents.Seen seen = new ServerEvents.Seen();

	private int length = DEFAULT_READ_LENGTH;

	private Duration timeout = Duration.ofSeconds(30);

	private boolean pieces;

	private boolean gated;

	private boolean flood;

	private boolean endAfterGate;

	EchoServer(ServerEvents events) {
		this.events = events;
	}

	@Override
	protected void onPreServer() throws InterruptedException {
		String tag = handshake().queryParameter("tag");
		this.seen = (tag != null) ? this.events.of(tag) : this.seen;
		this.seen.path = handshake().path();
		String refuse = handshake().queryParameter("refuse");
		if (refuse != null) {
			throw new HandshakeRefusedException(HttpStatus.FORBIDDEN, "Refused by onPreServer: " + refuse);
		}
		if (handshake().queryParameter("boom") != null) {
			throw new IllegalStateException("onPreServer failed on purpose");
		}
		this.seen.webSocketId = webSocketId();
		this.seen.sessionId = sessionId();
		this.seen.query = handshake().queryParameter("x");
		this.seen.subprotocol = handshake().subprotocol();
		this.seen.header = handshake().headers().getFirst("X-Test");
		this.seen.remoteAddressKnown = handshake().remoteAddress() != null;
		String length = handshake().queryParameter("len");
		this.length = (length != null) ? Integer.parseInt(length) : this.length;
		String timeout = handshake().queryParameter("timeout");
		this.timeout = (timeout != null) ? Duration.ofMillis(Long.parseLong(timeout)) : this.timeout;
		this.pieces = handshake().queryParameter("pieces") != null;
		this.gated = handshake().queryParameter("gated") != null;
		this.flood = handshake().queryParameter("flood") != null;
		this.endAfterGate = handshake().queryParameter("end") != null;
		if (handshake().queryParameter("preGate") != null) {
			this.seen.gate.await();
		}
	}

	@Override
	protected void server() throws Exception {
		this.seen.threadName = Thread.currentThread().getName();
		this.seen.threadId = threadId(Thread.currentThread());
		this.seen.virtualThread = isVirtual(Thread.currentThread());
		try {
			handshake();
		}
		catch (IllegalStateException ex) {
			this.seen.handshakeOutsidePreServer = ex.getMessage();
		}
		if (this.gated) {
			this.seen.gate.await();
			if (this.endAfterGate) {
				endServer();
				return;
			}
		}
		if (this.flood) {
			flood();
			return;
		}
		StringBuilder text = new StringBuilder();
		ByteArrayOutputStream binary = new ByteArrayOutputStream();
		while (true) {
			ReadResult result = read(this.length, this.timeout);
			if (result instanceof ReadResult.Closed) {
				this.seen.closed = result;
				this.seen.closedAgain = read(this.timeout);
				return;
			}
			if (result instanceof ReadResult.Timeout) {
				write("timeout");
			}
			else if (result instanceof ReadResult.Binary piece) {
				binary.writeBytes(piece.data());
				if (piece.atEnd()) {
					write(binary.toByteArray());
					binary.reset();
				}
			}
			else if (result instanceof ReadResult.Text piece) {
				if (this.pieces) {
					write((piece.atEnd() ? "end:" : "more:") + piece.data());
					continue;
				}
				text.append(piece.data());
				if (piece.atEnd()) {
					String message = text.toString();
					text.setLength(0);
					if (message.equals("exit")) {
						endServer();
						this.seen.closed = read(this.timeout);
						try {
							write("after the end");
						}
						catch (WebSocketClosedException ex) {
							this.seen.writeAfterEnd = ex.getMessage();
						}
						return;
					}
					if (message.equals("fail")) {
						throw new IllegalStateException("server() failed on purpose");
					}
					write(message);
				}
			}
		}
	}

	private void flood() {
		String chunk = "x".repeat(64 * 1024);
		try {
			while (true) {
				write(chunk);
			}
		}
		catch (WebSocketClosedException ex) {
			this.seen.floodEnded = ex;
		}
	}

	@Override
	protected void onPostServer() {
		this.seen.openInPostServer = isOpen();
		this.seen.postServer.incrementAndGet();
	}

	@SuppressWarnings("deprecation") // Thread.threadId() exists from Java 19.
	private static long threadId(Thread thread) {
		return thread.getId();
	}

	static boolean isVirtual(Thread thread) {
		try {
			// Thread.isVirtual() exists from Java 21; the tests compile for 17.
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

}
