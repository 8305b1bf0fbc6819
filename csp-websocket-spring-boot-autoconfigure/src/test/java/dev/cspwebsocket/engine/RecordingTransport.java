package dev.cspwebsocket.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.transport.Transport;

import static dev.cspwebsocket.engine.Eventually.await;

/**
 * An in-memory {@link Transport} for tests of the engine: records what is sent, in order,
 * and the close; can hold sends back until released, or fail them; records the pauses and
 * resumptions of reading. Checks the engine's promise that sends and the close come from
 * one thread at a time. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class RecordingTransport implements Transport {

	/** How long a held send waits for {@link #release()} before it gives up. */
	private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

	private final List<Frame> frames = new ArrayList<>();

	private final List<Close> closes = new CopyOnWriteArrayList<>();

	private final Queue<IOException> failures = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicInteger inTransport = new AtomicInteger();

	private volatile boolean overlapped;

	private volatile boolean sentAfterClose;

	private final Object gate = new Object();

	/** Guarded by {@link #gate}. */
	private boolean holding;

	/** Guarded by {@link #gate}: sends waiting at the gate, and since when the first. */
	private int held;

	private long heldSinceNanos;

	private final AtomicInteger pauses = new AtomicInteger();

	private final AtomicInteger resumes = new AtomicInteger();

	private volatile boolean canPause = true;

	private volatile boolean holdsCloseAnswer = true;

	private volatile boolean pausesForAnswers;

	private volatile boolean takesSendsNow;

	// Sending

	@Override
	public int sendText(String text, boolean last) throws IOException {
		send(new Text(text, last, Thread.currentThread()));
		return -1;
	}

	@Override
	public void sendBinary(ByteBuffer data, boolean last) throws IOException {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		send(new Binary(bytes, last, Thread.currentThread()));
	}

	@Override
	public void sendPing() throws IOException {
		send(new Ping(Thread.currentThread()));
	}

	@Override
	public void close(int code, String reason) {
		enter();
		try {
			this.closes.add(new Close(code, reason, Thread.currentThread()));
		}
		finally {
			this.inTransport.decrementAndGet();
		}
	}

	private void send(Frame frame) throws IOException {
		enter();
		try {
			if (!this.closes.isEmpty()) {
				this.sentAfterClose = true;
			}
			awaitGate();
			IOException failure = this.failures.poll();
			if (failure != null) {
				this.failed.incrementAndGet();
				throw failure;
			}
			synchronized (this.frames) {
				this.frames.add(frame);
			}
		}
		finally {
			this.inTransport.decrementAndGet();
		}
	}

	private void enter() {
		if (this.inTransport.incrementAndGet() > 1) {
			this.overlapped = true;
		}
	}

	private void awaitGate() throws IOException {
		synchronized (this.gate) {
			if (!this.holding) {
				return;
			}
			if (this.held++ == 0) {
				this.heldSinceNanos = System.nanoTime();
			}
			try {
				long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
				while (this.holding) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw new IOException("Held for " + HOLD_LIMIT + " and never released");
					}
					TimeUnit.NANOSECONDS.timedWait(this.gate, left);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while held");
			}
			finally {
				this.held--;
			}
		}
	}

	// Telling it what to do

	/** Hold every send from now on at the gate until {@link #release()}. */
	void hold() {
		synchronized (this.gate) {
			this.holding = true;
		}
	}

	/** Let the sends held go on, and every later one. */
	void release() {
		synchronized (this.gate) {
			this.holding = false;
			this.gate.notifyAll();
		}
	}

	/** Fail the next send that gets past the gate with {@code failure}. */
	void failNextSend(IOException failure) {
		this.failures.add(failure);
	}

	/** Fail the next send as a container does when the client took nothing in time. */
	void timeOutNextSend() {
		failNextSend(new IOException("Send timed out", new SocketTimeoutException("Write timed out")));
	}

	/** Whether {@link #pauseReading()} succeeds, as it does on Tomcat and Jetty. */
	void canPause(boolean canPause) {
		this.canPause = canPause;
	}

	// What happened

	/** The frames sent, in order. */
	List<Frame> frames() {
		synchronized (this.frames) {
			return List.copyOf(this.frames);
		}
	}

	/** The data of the text frames sent, in order. */
	List<String> texts() {
		return frames().stream().filter(Text.class::isInstance).map((frame) -> ((Text) frame).text()).toList();
	}

	int frameCount() {
		synchronized (this.frames) {
			return this.frames.size();
		}
	}

	List<Close> closes() {
		return List.copyOf(this.closes);
	}

	/** Sends that failed as told by {@link #failNextSend}. */
	int failedSends() {
		return this.failed.get();
	}

	/** Sends waiting at the gate now. */
	int heldSends() {
		synchronized (this.gate) {
			return this.held;
		}
	}

	/** How long the sends held now have been waiting; zero when none is. */
	Duration heldFor() {
		synchronized (this.gate) {
			return (this.held > 0) ? Duration.ofNanos(System.nanoTime() - this.heldSinceNanos) : Duration.ZERO;
		}
	}

	/** Whether a send ever came after the close. */
	boolean sentAfterClose() {
		return this.sentAfterClose;
	}

	/** Whether two threads were ever in the transport at once, sending or closing. */
	boolean overlapped() {
		return this.overlapped;
	}

	int pauses() {
		return this.pauses.get();
	}

	int resumes() {
		return this.resumes.get();
	}

	/** Wait for {@code count} sends to be held at the gate. */
	void awaitHeld(int count) {
		await().until(this::heldSends, (held) -> held == count);
	}

	/** Wait for at least {@code count} frames to have been sent. */
	void awaitFrames(int count) {
		await().until(this::frameCount, (sent) -> sent >= count);
	}

	/** Wait for the close frame. */
	Close awaitClose() {
		await().until(() -> !this.closes.isEmpty());
		return this.closes.get(0);
	}

	/** Answer the client's close at once, as Tomcat does. */
	void answerCloseAtOnce() {
		this.holdsCloseAnswer = false;
	}

	@Override
	public boolean holdsCloseAnswer() {
		return this.holdsCloseAnswer;
	}

	/**
	 * Have reading paused after each message until it is answered, as Jetty fails the
	 * connection at once on a bad frame.
	 */
	void pauseForAnswers() {
		this.pausesForAnswers = true;
	}

	@Override
	public boolean pausesForAnswers() {
		return this.pausesForAnswers;
	}

	/**
	 * Say that sends are taken at once, as Reactor Netty's channel says while writable.
	 */
	void takeSendsNow() {
		this.takesSendsNow = true;
	}

	@Override
	public boolean takesSendsNow() {
		return this.takesSendsNow;
	}

	// Reading

	@Override
	public boolean pauseReading() {
		if (!this.canPause) {
			return false;
		}
		this.pauses.incrementAndGet();
		return true;
	}

	@Override
	public void resumeReading() {
		this.resumes.incrementAndGet();
	}

	/** A message or fragment sent, or a ping. */
	sealed interface Frame {

		boolean last();

		/** The thread that sent it. */
		Thread thread();

	}

	record Text(String text, boolean last, Thread thread) implements Frame {

	}

	record Binary(byte[] data, boolean last, Thread thread) implements Frame {

	}

	record Ping(Thread thread) implements Frame {

		@Override
		public boolean last() {
			return true;
		}

	}

	/** The close frame, and the thread that sent it. */
	record Close(int code, String reason, Thread thread) {

	}

}
