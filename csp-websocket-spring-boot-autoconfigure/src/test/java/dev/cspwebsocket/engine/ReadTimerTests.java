package dev.cspwebsocket.engine;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wheel that tells sockets when their long read timeouts have run out, on a clock the
 * tests move by hand.
 *
 * @author csp-websocket-spring-boot
 */
class ReadTimerTests {

	private static final long TICK = ReadTimer.TICK.toNanos();

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final ReadTimer timer = new ReadTimer(this.clock::get);

	private final Map<Long, Long> toldAt = new ConcurrentHashMap<>();

	private long deadline(Duration from) {
		return this.clock.get() + from.toNanos();
	}

	/**
	 * The listeners filed, held as a socket holds its own: the wheel holds them weakly.
	 */
	private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

	private void file(long deadline) {
		LongConsumer listener = (come) -> this.toldAt.merge(come, this.clock.get(), (first, again) -> -1L);
		this.listeners.add(listener);
		this.timer.file(deadline, listener);
	}

	/** Move the clock a tick at a time, no further than {@code to}, turning the wheel. */
	private void runUntil(long to) {
		while (this.clock.get() + TICK <= to) {
			this.clock.addAndGet(TICK);
			this.timer.tick();
		}
	}

	@Test
	void aDeadlineIsToldAtTheFirstTickAfterItAndNeverBefore() {
		long deadline = deadline(Duration.ofMillis(1_234));
		file(deadline);
		runUntil(deadline - 1);
		assertThat(this.toldAt).isEmpty();
		runUntil(deadline + 2 * TICK);
		assertThat(this.toldAt.get(deadline)).isBetween(deadline, deadline + TICK);
	}

	@Test
	void whenTheWheelStopsForGoodEveryDeadlineFiledIsToldAtOnce() {
		long near = deadline(Duration.ofSeconds(2));
		long far = deadline(Duration.ofHours(1));
		file(near);
		file(far);
		this.timer.tellAll();
		assertThat(this.toldAt).containsOnlyKeys(near, far);
		assertThat(this.timer.size()).isZero();
	}

	@Test
	void aDeadlineSeveralTurnsOfTheWheelAwayWaitsForItsOwnTurn() {
		long far = deadline(Duration.ofSeconds(17));
		long near = deadline(Duration.ofSeconds(2));
		file(far);
		file(near);
		runUntil(far - 1);
		assertThat(this.toldAt).containsOnlyKeys(near);
		runUntil(far + TICK);
		assertThat(this.toldAt.get(far)).isBetween(far, far + TICK);
	}

	@Test
	void aWheelThatStalledCatchesUpAndTellsEveryDeadlinePassedMeanwhile() {
		List<Long> deadlines = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			long deadline = deadline(Duration.ofMillis(1_000 + 37 * i));
			deadlines.add(deadline);
			file(deadline);
		}
		// No tick for three seconds: a long pause of the ticking thread.
		this.clock.addAndGet(Duration.ofSeconds(3).toNanos());
		this.timer.tick();
		assertThat(this.toldAt).containsOnlyKeys(deadlines);
		// A deadline filed now, as the hand comes past its slot, is not left a whole
		// turn.
		long next = deadline(Duration.ofSeconds(1));
		file(next);
		runUntil(next + TICK);
		assertThat(this.toldAt.get(next)).isBetween(next, next + TICK);
	}

	@Test
	void aDeadlineWhoseSocketIsGoneIsForgottenWithinATurnAndNeverTold() {
		long goneDeadline = deadline(Duration.ofHours(1));
		long keptDeadline = goneDeadline + Duration.ofSeconds(1).toNanos();
		LongConsumer gone = (come) -> this.toldAt.put(come, this.clock.get());
		WeakReference<LongConsumer> probe = new WeakReference<>(gone);
		this.timer.file(goneDeadline, gone);
		file(keptDeadline);
		assertThat(this.timer.size()).isEqualTo(2);
		gone = null;
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return probe.get() == null;
		});
		// A turn of the wheel passes every slot once.
		runUntil(this.clock.get() + Duration.ofSeconds(6).toNanos());
		assertThat(this.timer.size()).isOne();
		runUntil(keptDeadline + TICK);
		assertThat(this.toldAt).containsOnlyKeys(keptDeadline);
		assertThat(this.timer.size()).isZero();
	}

	@Test
	void deadlinesFiledFromManyThreadsWhileTheWheelTurnsAreEachToldOnceOnTime() throws Exception {
		int threads = 8;
		int each = 2_000;
		CountDownLatch filed = new CountDownLatch(threads);
		long base = this.clock.get();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			new Thread(() -> {
				for (int i = 0; i < each; i++) {
					// Distinct deadlines from 1 s to about 9 s ahead of the start.
					file(base + Duration.ofSeconds(1).toNanos() + (thread * (long) each + i) * 500_000L);
				}
				filed.countDown();
			}).start();
		}
		// The wheel turns while the deadlines are filed, short of the first of them.
		long turning = base + Duration.ofMillis(900).toNanos();
		while (filed.getCount() > 0) {
			if (this.clock.get() < turning) {
				this.clock.addAndGet(TICK);
			}
			this.timer.tick();
		}
		runUntil(base + Duration.ofSeconds(10).toNanos());
		assertThat(this.toldAt).hasSize(threads * each);
		this.toldAt.forEach(
				(deadline, told) -> assertThat(told).as("told once, on time").isBetween(deadline, deadline + TICK));
	}

}
