package dev.cspwebsocket.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.cspwebsocket.CloseReason;

/**
 * {@link SocketEvents} for tests of the engine: records what the sockets tell it, in
 * order. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class RecordingSocketEvents implements SocketEvents {

	final List<Connection> opened = new CopyOnWriteArrayList<>();

	final List<Connection> closed = new CopyOnWriteArrayList<>();

	final List<LimitClose> limitClosed = new CopyOnWriteArrayList<>();

	final List<Message> received = new CopyOnWriteArrayList<>();

	final List<Message> sent = new CopyOnWriteArrayList<>();

	final AtomicInteger readTimeouts = new AtomicInteger();

	@Override
	public void opened(Connection socket) {
		this.opened.add(socket);
	}

	/** Run as each close is told, as a listener would be. */
	volatile Consumer<Connection> whenClosed = (socket) -> {
	};

	@Override
	public void closed(Connection socket) {
		this.closed.add(socket);
		this.whenClosed.accept(socket);
	}

	/** Run as each close for a passed limit is counted. */
	volatile Consumer<Connection> whenLimitClosed = (socket) -> {
	};

	@Override
	public void limitClosed(Connection socket, CloseReason reason, CloseStatus status) {
		this.limitClosed.add(new LimitClose(socket, reason, status));
		this.whenLimitClosed.accept(socket);
	}

	@Override
	public void messageReceived(boolean binary, long bytes) {
		this.received.add(new Message(binary, bytes));
	}

	@Override
	public void messageSent(boolean binary, long bytes) {
		this.sent.add(new Message(binary, bytes));
	}

	@Override
	public void readTimedOut() {
		this.readTimeouts.incrementAndGet();
	}

	record LimitClose(Connection socket, CloseReason reason, CloseStatus status) {

	}

	record Message(boolean binary, long bytes) {

	}

}
