package dev.cspwebsocket.engine;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.Handshake;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.routing.Route;
import dev.cspwebsocket.routing.ServerClass;
import dev.cspwebsocket.transport.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

/**
 * What the engine's sockets share, for tests without a server: a real {@link ReadTimer}
 * (turned every tick from a thread of its own, or left still so that reads use timed
 * waits), senders (a small pool, or the caller's own thread) and
 * {@link RecordingSocketEvents}. Close it after the test.
 *
 * @author csp-websocket-spring-boot
 */
final class TestSocketContext implements AutoCloseable {

	final RecordingSocketEvents events = new RecordingSocketEvents();

	final ReadTimer readTimer = new ReadTimer();

	/** How many tasks the senders were given. */
	final AtomicInteger senderTasks = new AtomicInteger();

	private final @Nullable ExecutorService senderPool;

	private final Executor senders;

	private final @Nullable ScheduledExecutorService ticker;

	private TestSocketContext(boolean pooledSenders, boolean turning) {
		this.senderPool = pooledSenders ? Executors.newFixedThreadPool(4, threads("test-send-")) : null;
		Executor senders = (this.senderPool != null) ? this.senderPool : Runnable::run;
		this.senders = (task) -> {
			this.senderTasks.incrementAndGet();
			senders.execute(task);
		};
		this.ticker = turning ? Executors.newSingleThreadScheduledExecutor(threads("test-tick-")) : null;
		if (this.ticker != null) {
			this.readTimer.setTurning(true);
			long tick = ReadTimer.TICK.toNanos();
			this.ticker.scheduleAtFixedRate(this.readTimer::tick, tick, tick, TimeUnit.NANOSECONDS);
		}
	}

	/** Senders on a pool of four threads; the read timer left still. */
	static TestSocketContext pooled() {
		return new TestSocketContext(true, false);
	}

	/** Senders on a pool of four threads; the read timer turning. */
	static TestSocketContext pooledAndTurning() {
		return new TestSocketContext(true, true);
	}

	/** Queued messages and close frames sent on the thread that hands them over. */
	static TestSocketContext direct() {
		return new TestSocketContext(false, false);
	}

	/**
	 * An open socket on {@code transport}, its handshake done.
	 * @param shared whether it is a shared-connection socket
	 */
	Connection open(SocketLimits limits, boolean shared, Transport transport) {
		Connection connection = handshaking(limits);
		connection.setSharedConnection(shared);
		connection.handshakeDone();
		connection.opened(transport);
		return connection;
	}

	/** A socket whose handshake is on: its {@code onPreServer()} would run now. */
	Connection handshaking(SocketLimits limits) {
		Route route = new Route("test", new ServerClass("Test.Server", "testServer", Object.class, List.of()));
		Handshake handshake = new Handshake(URI.create("ws://localhost/csp/test/Test.Server.cls"),
				new LinkedMultiValueMap<>(), new HttpHeaders(), null, null, null);
		return new Connection(SocketIds.next(), route, handshake, null, null, false, with(limits));
	}

	SocketContext with(SocketLimits limits) {
		return new SocketContext(limits, this.readTimer, this.senders, this.events, new SocketObservations());
	}

	Executor senders() {
		return this.senders;
	}

	@Override
	public void close() throws InterruptedException {
		this.readTimer.setTurning(false);
		for (@Nullable
		ExecutorService executor : new @Nullable ExecutorService[] { this.ticker, this.senderPool }) {
			if (executor != null) {
				executor.shutdownNow();
				executor.awaitTermination(10, TimeUnit.SECONDS);
			}
		}
	}

	/** Limits with the given send buffer and send-time limit, the rest the defaults. */
	static SocketLimits sendLimits(long sendBufferSize, Duration sendTimeLimit) {
		SocketLimits d = SocketLimits.DEFAULTS;
		return new SocketLimits(d.maxTextMessageSize(), d.maxBinaryMessageSize(), d.messageBufferSize(),
				d.inboundBufferSize(), sendBufferSize, sendTimeLimit, d.maxQueuedMessages(), d.maxQueuedBytes(),
				d.idleTimeout(), d.resumeGrace(), d.resumeBufferSize());
	}

	/** Limits with the given inbound sizes, the rest the defaults. */
	static SocketLimits inboundLimits(long inboundBufferSize, int maxQueuedMessages, long maxQueuedBytes) {
		SocketLimits d = SocketLimits.DEFAULTS;
		return new SocketLimits(d.maxTextMessageSize(), d.maxBinaryMessageSize(), d.messageBufferSize(),
				inboundBufferSize, d.sendBufferSize(), d.sendTimeLimit(), maxQueuedMessages, maxQueuedBytes,
				d.idleTimeout(), d.resumeGrace(), d.resumeBufferSize());
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
