package dev.cspwebsocket.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.SocketLimits;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Inbound}.
 *
 * @author csp-websocket-spring-boot
 */
class InboundTests {

	private static final Duration SHORT = Duration.ofMillis(50);

	/** How long to wait for what must come. */
	private static final Duration WAIT = Eventually.TIMEOUT;

	/** A read timeout that must not run out: what the reader waits for comes first. */
	private static final Duration FOREVER = Duration.ofMinutes(5);

	private static final CloseStatus GOODBYE = new CloseStatus(4000, "goodbye");

	private final RecordingTransport transport = new RecordingTransport();

	private final TestThreads threads = new TestThreads();

	private TestSocketContext sockets = TestSocketContext.pooled();

	private final Object readerA = "reader A";

	private final Object readerB = "reader B";

	@AfterEach
	void stopEverything() throws InterruptedException {
		this.threads.close();
		this.sockets.close();
	}

	// Pieces

	@Test
	void aReadTakesAPieceOfAtMostMaxLength() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdefg", true);
		assertThat(read(inbound, 3, this.readerA)).isEqualTo(new ReadResult.Text("abc", false));
		assertThat(read(inbound, 3, this.readerA)).isEqualTo(new ReadResult.Text("def", false));
		assertThat(read(inbound, 3, this.readerA)).isEqualTo(new ReadResult.Text("g", true));
		assertThat(inbound.queued()).isZero();
	}

	@Test
	void aReaderTakesWhatHasArrivedOfAMessageOnceItsTimeoutRunsOut() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "part", false);
		// Less than asked for and not the message's end: worth taking only at the
		// deadline.
		assertThat(inbound.read(100, SHORT, this.readerA, false)).isEqualTo(new ReadResult.Text("part", false));
		assertThat(this.sockets.events.readTimeouts).hasValue(0);
	}

	@Test
	void aReaderWaitingForMoreTakesThePieceAsSoonAsItFillsTheLengthAskedFor() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		TestThreads.Started reader = this.threads.start(() -> inbound.read(6, FOREVER, this.readerA, false));
		reader.awaitState(Thread.State.TIMED_WAITING);
		text(inbound, "abc", false);
		text(inbound, "defgh", false);
		assertThat(reader.result()).succeedsWithin(WAIT).isEqualTo(new ReadResult.Text("abcdef", false));
	}

	// Who reads a message

	@Test
	void aReaderThatTookAPieceOfAMessageGetsTheRestAndOthersWaitForItsEnd() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "first ", false);
		text(inbound, "message", true);
		text(inbound, "second", true);
		assertThat(read(inbound, 3, this.readerA)).isEqualTo(new ReadResult.Text("fir", false));
		assertThat(inbound.isReadingMessage(this.readerA)).isTrue();
		// Neither the rest of the first message nor the second is reader B's yet.
		assertThat(inbound.read(100, SHORT, this.readerB, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("st message", true));
		assertThat(inbound.isReadingMessage(this.readerA)).isFalse();
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("second", true));
	}

	@Test
	void aReaderWaitingForTheQueueGetsItOnceTheReaderAheadHasReadItsMessageToTheEnd() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "first", true);
		text(inbound, "second", true);
		assertThat(read(inbound, 2, this.readerA)).isEqualTo(new ReadResult.Text("fi", false));
		TestThreads.Started readerB = this.threads.start(() -> inbound.read(100, FOREVER, this.readerB, false));
		readerB.awaitState(Thread.State.TIMED_WAITING);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("rst", true));
		assertThat(readerB.result()).succeedsWithin(WAIT).isEqualTo(new ReadResult.Text("second", true));
	}

	@Test
	void concurrentReadersNeverSplitAMessageBetweenThem() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		int readers = 8;
		int messages = 3_000;
		List<TestThreads.Started> started = new ArrayList<>();
		ConcurrentHashMap<Integer, Object> readBy = new ConcurrentHashMap<>();
		List<String> malformed = new CopyOnWriteArrayList<>();
		for (int r = 0; r < readers; r++) {
			started.add(this.threads.start(() -> {
				Thread reader = Thread.currentThread();
				StringBuilder message = new StringBuilder();
				while (true) {
					// Short pieces, so that most messages take several reads.
					ReadResult result = inbound.read(7, FOREVER, reader, false);
					if (result instanceof ReadResult.Closed closed) {
						return closed;
					}
					if (!(result instanceof ReadResult.Text piece)) {
						continue;
					}
					message.append(piece.data());
					if (piece.atEnd()) {
						Integer number = parse(message.toString());
						if (number == null || readBy.putIfAbsent(number, reader) != null) {
							malformed.add(message.toString());
						}
						message.setLength(0);
					}
				}
			}));
		}
		for (int m = 0; m < messages; m++) {
			// Each message in one to three parts.
			String text = message(m);
			int parts = 1 + m % 3;
			int partLength = (text.length() + parts - 1) / parts;
			for (int from = 0; from < text.length(); from += partLength) {
				int to = Math.min(text.length(), from + partLength);
				text(inbound, text.substring(from, to), to == text.length());
			}
		}
		inbound.close(GOODBYE, CloseReason.OTHER);
		for (TestThreads.Started reader : started) {
			assertThat(reader.result()).succeedsWithin(WAIT).isEqualTo(GOODBYE.asReadResult());
		}
		assertThat(malformed).isEmpty();
		assertThat(readBy).hasSize(messages);
	}

	// Timeouts

	@Test
	void aReadOfAnEmptyQueueTimesOutAndTheQueueStaysUsable() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		assertThat(inbound.read(100, SHORT, this.readerA, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(inbound.read(100, Duration.ZERO, this.readerA, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(this.sockets.events.readTimeouts).hasValue(2);
		text(inbound, "after", true);
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("after", true));
	}

	@Test
	void aReaderKeptOutByAnotherTimesOutAndTheOtherReadsOn() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdef", true);
		assertThat(read(inbound, 2, this.readerA)).isEqualTo(new ReadResult.Text("ab", false));
		assertThat(inbound.read(100, SHORT, this.readerB, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("cdef", true));
	}

	@Test
	void aLongReadOnTheTurningReadTimerTimesOutAtItsDeadline() throws InterruptedException {
		useTurningReadTimer();
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		// A little over the shortest timeout the read timer takes.
		Duration timeout = Duration.ofNanos(ReadTimer.MIN_TIMEOUT_NANOS).plusMillis(100);
		long start = System.nanoTime();
		TestThreads.Started reader = this.threads.start(() -> inbound.read(100, timeout, this.readerA, false));
		// Waiting without a deadline of its own: the read timer's wakes it.
		reader.awaitState(Thread.State.WAITING);
		assertThat(this.sockets.readTimer.size()).as("deadlines filed").isOne();
		assertThat(reader.result()).succeedsWithin(WAIT).isInstanceOf(ReadResult.Timeout.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
		assertThat(this.sockets.events.readTimeouts).hasValue(1);
		text(inbound, "after", true);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("after", true));
	}

	@Test
	void aLongReadOnTheTurningReadTimerTakesAMessageAsSoonAsItComes() throws InterruptedException {
		useTurningReadTimer();
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		TestThreads.Started reader = this.threads
			.start(() -> inbound.read(100, Duration.ofHours(1), this.readerA, false));
		reader.awaitState(Thread.State.WAITING);
		text(inbound, "hello", true);
		assertThat(reader.result()).succeedsWithin(WAIT).isEqualTo(new ReadResult.Text("hello", true));
	}

	// Close

	@Test
	void theCloseIsSeenOnlyAfterTheQueuedMessagesThenOnEveryLaterRead() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "one", true);
		text(inbound, "two", true);
		assertThat(inbound.close(GOODBYE, CloseReason.OTHER)).isTrue();
		assertThat(inbound.closed()).isEqualTo(GOODBYE.asReadResult());
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("one", true));
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("two", true));
		for (int i = 0; i < 3; i++) {
			assertThat(read(inbound, 100, this.readerA)).isEqualTo(GOODBYE.asReadResult());
		}
		assertThat(this.sockets.events.readTimeouts).hasValue(0);
	}

	@Test
	void aReaderPartWayThroughAMessageWhenTheSocketClosesTakesWhatArrivedThenTheClose() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abc", false);
		assertThat(read(inbound, 1, this.readerA)).isEqualTo(new ReadResult.Text("a", false));
		inbound.close(GOODBYE, CloseReason.OTHER);
		// No more of it will come: the reader does not wait for its length.
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("bc", false));
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(GOODBYE.asReadResult());
	}

	@Test
	void aReaderKeptOutByAnotherSeesTheCloseOnlyOnceTheMessagesQueuedAreRead() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdef", true);
		text(inbound, "second", true);
		assertThat(read(inbound, 2, this.readerA)).isEqualTo(new ReadResult.Text("ab", false));
		inbound.close(GOODBYE, CloseReason.OTHER);
		assertThat(inbound.read(100, SHORT, this.readerB, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("cdef", true));
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("second", true));
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(GOODBYE.asReadResult());
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(GOODBYE.asReadResult());
	}

	@Test
	void aWaitingReaderIsWokenByTheClose() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		TestThreads.Started reader = this.threads.start(() -> inbound.read(100, FOREVER, this.readerA, false));
		reader.awaitState(Thread.State.TIMED_WAITING);
		inbound.close(GOODBYE, CloseReason.OTHER);
		assertThat(reader.result()).succeedsWithin(WAIT).isEqualTo(GOODBYE.asReadResult());
	}

	@Test
	void partsAfterTheCloseAreDropped() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		inbound.close(GOODBYE, CloseReason.OTHER);
		assertThat(inbound.add(textPart("late", true))).isNull();
		assertThat(inbound.queued()).isZero();
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(GOODBYE.asReadResult());
	}

	@Test
	void theFirstCloseWinsAmongManyThreadsClosingAtOnce() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		int closers = 16;
		CountDownLatch start = new CountDownLatch(1);
		List<TestThreads.Started> started = new ArrayList<>();
		for (int c = 0; c < closers; c++) {
			CloseStatus status = new CloseStatus(4000 + c, "closer " + c);
			CloseReason reason = CloseReason.values()[c % CloseReason.values().length];
			started.add(this.threads.start(() -> {
				start.await();
				return inbound.close(status, reason) ? status : null;
			}));
		}
		start.countDown();
		List<Object> winners = new ArrayList<>();
		for (TestThreads.Started closer : started) {
			assertThat(closer.result()).succeedsWithin(WAIT).satisfies((won) -> {
				if (won != null) {
					winners.add(won);
				}
			});
		}
		assertThat(winners).hasSize(1);
		CloseStatus winner = (CloseStatus) winners.get(0);
		assertThat(inbound.closed()).isEqualTo(winner.asReadResult());
		assertThat(inbound.closeReason())
			.isEqualTo(CloseReason.values()[(winner.code() - 4000) % CloseReason.values().length]);
		assertThat(inbound.close(GOODBYE, CloseReason.OTHER)).isFalse();
	}

	// Limits

	@Test
	void aDedicatedSocketOverItsInboundBufferPausesReadingAndResumesOnceReadBelowHalf() {
		// Messages of 100 bytes cost 164 with their overhead.
		Inbound inbound = dedicated(TestSocketContext.inboundLimits(1000, 1, 1));
		for (int m = 0; m < 6; m++) {
			assertThat(inbound.add(textPart(hundredBytes(m), true))).isNull();
		}
		assertThat(this.transport.pauses()).isZero();
		// 7 × 164 = 1148 > 1000
		assertThat(inbound.add(textPart(hundredBytes(6), true))).isNull();
		assertThat(this.transport.pauses()).isOne();
		assertThat(inbound.isPaused()).isTrue();
		assertThat(inbound.add(textPart(hundredBytes(7), true))).isNull();
		assertThat(inbound.add(textPart(hundredBytes(8), true))).isNull();
		assertThat(this.transport.pauses()).isOne();
		// Down to 4 × 164 = 656 > 500
		for (int m = 0; m < 5; m++) {
			assertThat(read(inbound, 1000, this.readerA)).isEqualTo(new ReadResult.Text(hundredBytes(m), true));
		}
		assertThat(this.transport.resumes()).isZero();
		assertThat(inbound.isPaused()).isTrue();
		long beforeResuming = System.nanoTime();
		// Down to 3 × 164 = 492 <= 500
		assertThat(read(inbound, 1000, this.readerA)).isEqualTo(new ReadResult.Text(hundredBytes(5), true));
		assertThat(this.transport.resumes()).isOne();
		assertThat(inbound.isPaused()).isFalse();
		assertThat(inbound.resumedNanos()).isGreaterThanOrEqualTo(beforeResuming);
	}

	@Test
	void whileReadingIsPausedAReaderTakesWhatThereIsRatherThanWaitForMore() {
		Inbound inbound = dedicated(TestSocketContext.inboundLimits(100, 1, 1));
		text(inbound, hundredBytes(0), false);
		assertThat(inbound.isPaused()).isTrue();
		// No more will come until this is read.
		assertThat(inbound.read(1000, FOREVER, this.readerA, false))
			.isEqualTo(new ReadResult.Text(hundredBytes(0), false));
		assertThat(this.transport.resumes()).isOne();
	}

	@Test
	void theCloseResumesReadingSoThatTheClientsAnswerIsSeen() {
		Inbound inbound = dedicated(TestSocketContext.inboundLimits(100, 1, 1));
		text(inbound, hundredBytes(0), true);
		assertThat(inbound.isPaused()).isTrue();
		inbound.close(GOODBYE, CloseReason.OTHER);
		assertThat(this.transport.resumes()).isOne();
		assertThat(inbound.isPaused()).isFalse();
	}

	// The hold that pauses reading (Jetty)

	@Test
	void onAContainerThatFailsAtOnceReadingPausesAfterAMessageUntilItsReaderComesBackAnswered()
			throws InterruptedException {
		useTurningReadTimer();
		this.transport.pauseForAnswers();
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "first ", false);
		assertThat(this.transport.pauses()).isZero();
		text(inbound, "message", true);
		assertThat(this.transport.pauses()).isOne();
		assertThat(inbound.isPaused()).isTrue();
		long start = System.nanoTime();
		// The container's thread is not kept.
		inbound.awaitAnswer();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("first message", true));
		assertThat(this.transport.resumes()).isZero();
		// Back for more with everything read, its answers out: the next frame is read.
		assertThat(read(inbound, 100, this.readerA)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(this.transport.resumes()).isOne();
		assertThat(inbound.isPaused()).isFalse();
	}

	@Test
	void aHoldThatPausesReadingLapsesAfterTheSendTimeLimitAndNoneComesAgainUntilTheServerReads()
			throws InterruptedException {
		useTurningReadTimer();
		this.transport.pauseForAnswers();
		Duration sendTimeLimit = Duration.ofMillis(300);
		Inbound inbound = dedicated(
				TestSocketContext.sendLimits(SocketLimits.DEFAULTS.sendBufferSize(), sendTimeLimit));
		long start = System.nanoTime();
		text(inbound, "unread", true);
		assertThat(this.transport.pauses()).isOne();
		Eventually.await().until(this.transport::resumes, (resumes) -> resumes == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - start))
			.isGreaterThanOrEqualTo(sendTimeLimit.minus(ReadTimer.TICK));
		assertThat(inbound.isPaused()).isFalse();
		text(inbound, "unread too", true);
		assertThat(this.transport.pauses()).isOne();
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("unread", true));
		// Read again: the next message is held again.
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("unread too", true));
		text(inbound, "held", true);
		assertThat(this.transport.pauses()).isEqualTo(2);
	}

	@Test
	void aHoldThatPausesReadingIsNotTakenWithoutATurningReadTimerToBoundIt() {
		this.transport.pauseForAnswers();
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "message", true);
		assertThat(this.transport.pauses()).isZero();
		assertThat(inbound.isPaused()).isFalse();
	}

	@Test
	void aHoldThatPausesReadingLeavesReadingPausedWhileTheInboundBufferIsFull() throws InterruptedException {
		useTurningReadTimer();
		this.transport.pauseForAnswers();
		Inbound inbound = dedicated(TestSocketContext.inboundLimits(100, 1, 1));
		text(inbound, hundredBytes(0), true);
		text(inbound, hundredBytes(1), true);
		assertThat(read(inbound, 1000, this.readerA)).isEqualTo(new ReadResult.Text(hundredBytes(0), true));
		// Below half the buffer, but the hold is on.
		assertThat(this.transport.resumes()).isZero();
		assertThat(read(inbound, 1000, this.readerA)).isEqualTo(new ReadResult.Text(hundredBytes(1), true));
		assertThat(read(inbound, 1000, this.readerA)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(this.transport.resumes()).isOne();
		assertThat(inbound.isPaused()).isFalse();
	}

	@Test
	void aDedicatedSocketWhoseContainerCannotPauseOverflowsWithPolicyViolation() {
		this.transport.canPause(false);
		Inbound inbound = dedicated(TestSocketContext.inboundLimits(100, 1, 1));
		CloseStatus overflow = inbound.add(textPart(hundredBytes(0), true));
		assertThat(overflow).isNotNull();
		assertThat(overflow.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
		assertThat(overflow.reason()).startsWith("Inbound buffer full");
	}

	@Test
	void aSharedSocketPastMaxQueuedMessagesOverflows() {
		Inbound inbound = shared(TestSocketContext.inboundLimits(100, 3, 1024 * 1024));
		for (int m = 0; m < 3; m++) {
			assertThat(inbound.add(textPart("m" + m, true))).isNull();
		}
		// A part of a message is no message yet.
		assertThat(inbound.add(textPart("part", false))).isNull();
		CloseStatus overflow = inbound.add(textPart("m3", true));
		assertThat(overflow).isNotNull();
		assertThat(overflow.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
		assertThat(overflow.reason()).startsWith("Inbound queue full");
		// Shared sockets never pause: the socket is closed instead.
		assertThat(this.transport.pauses()).isZero();
	}

	@Test
	void aSharedSocketPastMaxQueuedBytesOverflows() {
		// One message of 100 bytes costs 164.
		Inbound inbound = shared(TestSocketContext.inboundLimits(100, 1000, 300));
		assertThat(inbound.add(textPart(hundredBytes(0), false))).isNull();
		CloseStatus overflow = inbound.add(textPart(hundredBytes(1), false));
		assertThat(overflow).isNotNull();
		assertThat(overflow.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
	}

	@Test
	void messagesOutWithOnClientMessageCountAgainstTheLimitsUntilTheyComeBack() {
		Inbound inbound = shared(TestSocketContext.inboundLimits(100, 2, 1024 * 1024));
		List<Boolean> overflowing = new ArrayList<>();
		assertThat(inbound.dispatch(64, overflowing::add)).isNull();
		assertThat(inbound.dispatch(64, overflowing::add)).isNull();
		assertThat(inbound.queued()).isEqualTo(2);
		assertThat(inbound.dispatch(64, overflowing::add)).isNotNull();
		assertThat(overflowing).containsExactly(false, false, true);
		ReadResult.Text message = new ReadResult.Text("back", true);
		inbound.returned(message, 64, true);
		inbound.returned(message, 64, false);
		assertThat(inbound.queued()).isEqualTo(2);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(message);
	}

	// Hand-over to a reader on another node

	@Test
	void aPieceThatDidNotReachItsReaderGoesBackToTheHeadOfTheQueue() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdef", true);
		text(inbound, "second", true);
		ReadResult.Message piece = heldRead(inbound, 4, this.readerA);
		assertThat(piece).isEqualTo(new ReadResult.Text("abcd", false));
		// While it is on its way, nobody reads: its reader neither.
		assertThat(inbound.read(100, SHORT, this.readerB, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(inbound.read(100, SHORT, this.readerA, false)).isInstanceOf(ReadResult.Timeout.class);
		inbound.settle(piece, this.readerA, false, false);
		assertThat(inbound.isReadingMessage(this.readerA)).isFalse();
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("abcdef", true));
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("second", true));
	}

	@Test
	void aLastPieceThatReachedItsReaderFreesTheQueue() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "first", true);
		text(inbound, "second", true);
		ReadResult.Message piece = heldRead(inbound, 100, this.readerA);
		assertThat(piece).isEqualTo(new ReadResult.Text("first", true));
		inbound.settle(piece, this.readerA, false, true);
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("second", true));
	}

	@Test
	void aPieceThatReachedItsReaderKeepsTheRestOfTheMessageForIt() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdef", true);
		ReadResult.Message piece = heldRead(inbound, 2, this.readerA);
		inbound.settle(piece, this.readerA, false, true);
		assertThat(inbound.isReadingMessage(this.readerA)).isTrue();
		assertThat(inbound.read(100, SHORT, this.readerB, false)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("cdef", true));
	}

	@Test
	void aLaterPieceThatDidNotReachItsReaderLeavesTheRestOfTheMessageToThatReader() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdef", true);
		assertThat(read(inbound, 2, this.readerA)).isEqualTo(new ReadResult.Text("ab", false));
		ReadResult.Message piece = heldRead(inbound, 2, this.readerA);
		assertThat(piece).isEqualTo(new ReadResult.Text("cd", false));
		inbound.settle(piece, this.readerA, true, false);
		assertThat(inbound.isReadingMessage(this.readerA)).isTrue();
		assertThat(read(inbound, 100, this.readerA)).isEqualTo(new ReadResult.Text("cdef", true));
	}

	@Test
	void aReaderGoneForGoodDropsTheRestOfItsMessageAndFreesTheQueue() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abc", false);
		text(inbound, "def", true);
		text(inbound, "second", true);
		assertThat(read(inbound, 2, this.readerA)).isEqualTo(new ReadResult.Text("ab", false));
		assertThat(inbound.readerGone(this.readerB::equals)).isFalse();
		assertThat(inbound.readerGone(this.readerA::equals)).isTrue();
		assertThat(inbound.queued()).isOne();
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("second", true));
		assertThat(inbound.readerGone(this.readerA::equals)).isFalse();
	}

	@Test
	void aReaderGoneWhileItsPieceIsOnItsWayLosesTheRestOnceThePieceIsSettled() {
		Inbound inbound = dedicated(SocketLimits.DEFAULTS);
		text(inbound, "abcdef", true);
		text(inbound, "second", true);
		assertThat(read(inbound, 2, this.readerA)).isEqualTo(new ReadResult.Text("ab", false));
		ReadResult.Message piece = heldRead(inbound, 2, this.readerA);
		assertThat(inbound.readerGone(this.readerA::equals)).isTrue();
		// The queue stays held until the piece is settled.
		assertThat(inbound.read(100, SHORT, this.readerB, false)).isInstanceOf(ReadResult.Timeout.class);
		inbound.settle(piece, this.readerA, true, true);
		assertThat(read(inbound, 100, this.readerB)).isEqualTo(new ReadResult.Text("second", true));
		assertThat(inbound.queued()).isZero();
	}

	private Inbound inbound(SocketLimits limits) {
		SocketContext context = this.sockets.with(limits);
		return new Inbound(SocketIds.next(), limits, context.readTimer(), context.events()::readTimedOut, () -> true);
	}

	private Inbound dedicated(SocketLimits limits) {
		Inbound inbound = inbound(limits);
		inbound.opened(this.transport, false);
		return inbound;
	}

	private Inbound shared(SocketLimits limits) {
		Inbound inbound = inbound(limits);
		inbound.opened(this.transport, true);
		return inbound;
	}

	private void useTurningReadTimer() throws InterruptedException {
		this.sockets.close();
		this.sockets = TestSocketContext.pooledAndTurning();
	}

	/** Read a piece for a reader on another node, which has yet to get it. */
	private static ReadResult.Message heldRead(Inbound inbound, int maxLength, Object reader) {
		ReadResult piece = inbound.read(maxLength, Duration.ZERO, reader, true);
		assertThat(piece).isInstanceOf(ReadResult.Message.class);
		return (ReadResult.Message) piece;
	}

	/** Read without waiting: there is something to read. */
	private static ReadResult read(Inbound inbound, int maxLength, Object reader) {
		return inbound.read(maxLength, Duration.ZERO, reader, false);
	}

	private static void text(Inbound inbound, String text, boolean last) {
		assertThat(inbound.add(textPart(text, last))).isNull();
	}

	private static InboundMessages.TextPart textPart(String text, boolean last) {
		return new InboundMessages.TextPart(text, last, Utf8.length(text));
	}

	private static String hundredBytes(int number) {
		String prefix = number + ":";
		return prefix + "x".repeat(100 - prefix.length());
	}

	/** Message {@code m}: its number at both ends, around a filler that grows. */
	private static String message(int m) {
		return m + "<" + "é".repeat(m % 40) + ">" + m;
	}

	private static @Nullable Integer parse(String message) {
		int open = message.indexOf('<');
		int close = message.lastIndexOf('>');
		if (open < 0 || close < open) {
			return null;
		}
		String head = message.substring(0, open);
		String tail = message.substring(close + 1);
		if (!head.equals(tail) || !message.equals(message(Integer.parseInt(head)))) {
			return null;
		}
		return Integer.parseInt(head);
	}

}
