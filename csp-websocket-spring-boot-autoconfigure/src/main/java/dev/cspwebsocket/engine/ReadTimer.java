package dev.cspwebsocket.engine;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Tells sockets when a long read timeout has run out, a tick late at most. A timed park
 * of a virtual thread costs a hand-off to the JDK's delay scheduler on every read, which
 * the read loop of a dedicated server would pay per message; a socket files one deadline
 * here and its later reads ride on it (see {@link Connection#read}). A hashed wheel,
 * turned by {@link #tick()} every {@link #TICK}. Short timeouts, where a tick late would
 * matter, stay with the JDK. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ReadTimer {

	/** How often the wheel turns: how late a deadline filed here may be told. */
	static final Duration TICK = Duration.ofMillis(10);

	/** The shortest timeout worth filing: a tick is at most 1% of it. */
	static final long MIN_TIMEOUT_NANOS = Duration.ofSeconds(1).toNanos();

	private static final long TICK_NANOS = TICK.toNanos();

	/** Slots of the wheel: a turn of about 5 s; later deadlines wait for later turns. */
	private static final int SLOTS = 512;

	@SuppressWarnings("unchecked")
	private final ConcurrentLinkedQueue<Deadline>[] wheel = new ConcurrentLinkedQueue[SLOTS];

	private final LongSupplier nanoTime;

	private final long origin;

	/** The next tick to turn, counted from {@link #origin}. */
	private volatile long nextTick;

	private volatile boolean turning;

	ReadTimer() {
		this(System::nanoTime);
	}

	/**
	 * A timer on a clock of its own, for tests.
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 */
	ReadTimer(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.origin = nanoTime.getAsLong();
		for (int i = 0; i < SLOTS; i++) {
			this.wheel[i] = new ConcurrentLinkedQueue<>();
		}
	}

	/** Whether the wheel turns: deadlines filed now will be told. */
	boolean isTurning() {
		return this.turning;
	}

	void setTurning(boolean turning) {
		this.turning = turning;
	}

	/**
	 * Tell a socket when a deadline has come, unless the socket is gone by then: the
	 * wheel holds {@code come} weakly, so that a socket that has ended is not kept for
	 * the rest of its readers' timeouts (an hour, say), and forgets it within a turn of
	 * the collector clearing it.
	 * @param deadline in {@link System#nanoTime()} terms
	 * @param come told the deadline once it has come; a socket's own listener, which the
	 * socket keeps reachable
	 */
	void file(long deadline, LongConsumer come) {
		// Never in a slot the hand has passed: it would wait a whole turn. Deadlines
		// filed here lie a second ahead, a hundred ticks, so only a stalled wheel needs
		// this.
		long tick = Math.max((deadline - this.origin) / TICK_NANOS + 1, this.nextTick + 1);
		this.wheel[(int) (tick % SLOTS)].add(new Deadline(deadline, new WeakReference<>(come)));
	}

	/**
	 * Tell every deadline filed, come or not, as the wheel stops for good: what waits on
	 * one (a client's close held for its answer) is not left waiting for ever.
	 */
	void tellAll() {
		for (ConcurrentLinkedQueue<Deadline> slot : this.wheel) {
			Deadline deadline;
			while ((deadline = slot.poll()) != null) {
				LongConsumer come = deadline.come.get();
				if (come != null) {
					come.accept(deadline.nanos);
				}
			}
		}
	}

	/** How many deadlines the wheel holds, told or not yet. */
	int size() {
		int size = 0;
		for (ConcurrentLinkedQueue<Deadline> slot : this.wheel) {
			size += slot.size();
		}
		return size;
	}

	/** Turn the wheel up to now, telling each socket whose deadline has come. */
	void tick() {
		long now = this.nanoTime.getAsLong();
		long upTo = (now - this.origin) / TICK_NANOS;
		for (long tick = this.nextTick; tick <= upTo; tick++) {
			ConcurrentLinkedQueue<Deadline> slot = this.wheel[(int) (tick % SLOTS)];
			// What is in the slot now; what is added meanwhile is for a later turn.
			for (int left = slot.size(); left > 0; left--) {
				Deadline deadline = slot.poll();
				if (deadline == null) {
					break;
				}
				LongConsumer come = deadline.come.get();
				if (come == null) {
					// Its socket is gone.
					continue;
				}
				if (deadline.nanos - now <= 0) {
					come.accept(deadline.nanos);
				}
				else {
					slot.add(deadline);
				}
			}
			this.nextTick = tick + 1;
		}
	}

	private record Deadline(long nanos, WeakReference<LongConsumer> come) {
	}

}
