package dev.cspwebsocket.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClosedException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link Outbound}.
 *
 * @author csp-websocket-spring-boot
 */
class OutboundTests {

	private static final Duration WAIT = Eventually.TIMEOUT;

	private final TestSocketContext sockets = TestSocketContext.pooled();

	private final RecordingTransport transport = new RecordingTransport();

	private final RecordingOwner owner = new RecordingOwner();

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void releaseEverything() throws InterruptedException {
		this.transport.release();
		this.threads.close();
		this.sockets.close();
	}

	@Test
	void messagesOfOneWriterArriveInOrderAndWhole() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		List<Outgoing> messages = IntStream.range(0, 2_000)
			.<Outgoing>mapToObj((i) -> (i % 10 == 9) ? new Outgoing.Binary(new byte[] { (byte) i, 1, 2 }, true)
					: new Outgoing.Text(i + ":" + "é".repeat(i % 300), true))
			.toList();
		for (Outgoing message : messages) {
			outbound.send(message, size(message), false);
		}
		this.transport.awaitFrames(messages.size());
		assertThat(this.transport.frames()).map(OutboundTests::describe)
			.containsExactlyElementsOf(messages.stream().map(OutboundTests::describe).toList());
		await(() -> this.owner.messagesSent.size() == messages.size());
		assertThat(this.owner.messagesSent.get(1)).isEqualTo((long) "1:é".getBytes(StandardCharsets.UTF_8).length);
		assertThat(outbound.bufferedBytes()).isZero();
		assertThat(this.transport.overlapped()).isFalse();
	}

	@Test
	void manyWritersAtOnceEachKeepTheirOrderAndNothingInterleaves() throws Exception {
		int writers = 16;
		int each = 1_000;
		// A small buffer, so that writers wait for room and wake each other all along.
		Outbound outbound = outbound(4 * 1024, WAIT);
		CountDownLatch start = new CountDownLatch(1);
		List<TestThreads.Started> started = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			started.add(this.threads.start(() -> {
				start.await();
				for (int i = 0; i < each; i++) {
					if (i % 100 == 99) {
						// Now and then a stream of three fragments.
						outbound.stream(
								fragments(writer + ":" + i + ":a", writer + ":" + i + ":b", writer + ":" + i + ":c"));
					}
					else {
						write(outbound, writer + ":" + i + ":" + "x".repeat(i % 50));
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (TestThreads.Started writer : started) {
			assertThat(writer.result()).succeedsWithin(Duration.ofSeconds(30));
		}
		int streams = each / 100;
		this.transport.awaitFrames(writers * (each + 2 * streams));
		List<RecordingTransport.Frame> frames = this.transport.frames();
		assertThat(frames).hasSize(writers * (each + 2 * streams));
		assertThat(this.transport.overlapped()).as("two sends at once").isFalse();
		List<List<Integer>> order = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			order.add(new ArrayList<>());
		}
		for (int f = 0; f < frames.size(); f++) {
			RecordingTransport.Text frame = (RecordingTransport.Text) frames.get(f);
			String[] fields = frame.text().split(":");
			if (!frame.last()) {
				// A fragment: the next frame is the next fragment of the same message.
				String[] next = ((RecordingTransport.Text) frames.get(f + 1)).text().split(":");
				assertThat(next[0] + ":" + next[1]).as("frame after %s", frame.text())
					.isEqualTo(fields[0] + ":" + fields[1]);
				continue;
			}
			order.get(Integer.parseInt(fields[0])).add(Integer.parseInt(fields[1]));
		}
		List<Integer> sequence = IntStream.range(0, each).boxed().toList();
		for (int w = 0; w < writers; w++) {
			assertThat(order.get(w)).as("messages of writer %d", w).containsExactlyElementsOf(sequence);
		}
		assertThat(outbound.bufferedBytes()).isZero();
	}

	@Test
	void theServersOwnThreadSendsInlineWhileNothingIsQueued() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		outbound.send(new Outgoing.Text("from the server", true), 15, true);
		outbound.send(new Outgoing.Text("and again", true), 9, true);
		assertThat(this.transport.frames()).hasSize(2)
			.allSatisfy((frame) -> assertThat(frame.thread()).isSameAs(Thread.currentThread()));
		assertThat(this.sockets.senderTasks).hasValue(0);
	}

	@Test
	void anotherWriterSendsItselfWhileTheContainerTakesSendsAtOnceAndQueuesOtherwise() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		outbound.send(new Outgoing.Text("to a sender", true), 11, false);
		this.transport.awaitFrames(1);
		assertThat(this.transport.frames().get(0).thread()).isNotSameAs(Thread.currentThread());
		this.transport.takeSendsNow();
		outbound.send(new Outgoing.Text("sent here", true), 9, false);
		assertThat(this.transport.frames()).hasSize(2);
		assertThat(this.transport.frames().get(1).thread()).isSameAs(Thread.currentThread());
		assertThat(this.sockets.senderTasks).hasValue(1);
	}

	@Test
	void theServersOwnThreadQueuesItsMessageBehindOneBeingSent() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		this.transport.hold();
		write(outbound, "queued");
		this.transport.awaitHeld(1);
		// The server does not wait for the way out: its message joins the queue.
		TestThreads.Started server = this.threads.start(() -> {
			outbound.send(new Outgoing.Text("from the server", true), 15, true);
			return null;
		});
		assertThat(server.result()).succeedsWithin(WAIT);
		assertThat(this.transport.frameCount()).isZero();
		this.transport.release();
		this.transport.awaitFrames(2);
		assertThat(this.transport.texts()).containsExactly("queued", "from the server");
		assertThat(this.transport.frames().get(1).thread()).isNotSameAs(server.thread());
	}

	@Test
	void aWriterThatFindsTheBufferFullWaitsUntilTheClientTakesSomething() {
		Outbound outbound = outbound(100, WAIT);
		this.transport.hold();
		write(outbound, "first");
		this.transport.awaitHeld(1);
		// The buffer is empty again once the sender has taken the first message.
		write(outbound, "second");
		long buffered = outbound.bufferedBytes();
		assertThat(buffered).isEqualTo("second".length() + InboundMessages.PART_OVERHEAD);
		TestThreads.Started third = this.threads.start(() -> {
			write(outbound, "third");
			return null;
		});
		// Waiting on the buffer with the send-time limit as deadline.
		third.awaitState(Thread.State.TIMED_WAITING);
		assertThat(third.isDone()).isFalse();
		assertThat(outbound.bufferedBytes()).isEqualTo(buffered);
		this.transport.release();
		assertThat(third.result()).succeedsWithin(WAIT);
		this.transport.awaitFrames(3);
		assertThat(this.transport.texts()).containsExactly("first", "second", "third");
		assertThat(this.owner.slowConsumers).hasValue(0);
	}

	@Test
	void aWriterOnANonBlockingThreadThatWouldWaitForRoomFailsAtOnceSayingWhatToDo() {
		Outbound outbound = outbound(100, WAIT);
		this.transport.hold();
		write(outbound, "first");
		this.transport.awaitHeld(1);
		write(outbound, "second");
		Scheduler nonBlocking = Schedulers.newParallel("csp-test-non-blocking", 1);
		try {
			assertThatIllegalStateException()
				.isThrownBy(
						() -> Mono.fromRunnable(() -> write(outbound, "third")).subscribeOn(nonBlocking).block(WAIT))
				.withMessageContaining("waiting for room in its send buffer would block csp-test-non-blocking");
		}
		finally {
			nonBlocking.dispose();
		}
		this.transport.release();
		this.transport.awaitFrames(2);
		assertThat(this.transport.texts()).containsExactly("first", "second");
	}

	@Test
	void aClientThatTakesNothingForTheSendTimeLimitMakesTheWaitingWriterThrowAndTheOwnerHearsOfASlowConsumer() {
		Duration sendTimeLimit = Duration.ofMillis(300);
		Outbound outbound = outbound(100, sendTimeLimit);
		this.transport.hold();
		long before = System.nanoTime();
		write(outbound, "first");
		this.transport.awaitHeld(1);
		write(outbound, "second");
		WebSocketClosedException thrown = catchThrowableOfType(WebSocketClosedException.class,
				() -> write(outbound, "third"));
		assertThat(thrown).isNotNull().isSameAs(this.owner.lastClosedException());
		assertThat(this.owner.slowConsumers).hasValue(1);
		// Not before the send had been in the container for the whole limit.
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(sendTimeLimit);
		assertThat(this.transport.heldSends()).isOne();
	}

	@Test
	void aStreamTakesItsTurnAndOtherWritersWaitUntilItIsDone() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		this.transport.hold();
		write(outbound, "before");
		this.transport.awaitHeld(1);
		BlockingQueue<Outgoing> source = new LinkedBlockingQueue<>();
		TestThreads.Started stream = this.threads.start(() -> {
			outbound.stream(() -> next(source));
			return null;
		});
		// Its turn comes after the message being sent.
		stream.awaitState(Thread.State.WAITING);
		write(outbound, "after");
		this.transport.release();
		source.add(new Outgoing.Text("s1", false));
		this.transport.awaitFrames(2);
		// The stream owns the way out while it waits for its next fragment.
		stream.awaitState(Thread.State.TIMED_WAITING);
		assertThat(this.transport.texts()).containsExactly("before", "s1");
		source.add(new Outgoing.Text("s2", false));
		source.add(new Outgoing.Text("s3", true));
		assertThat(stream.result()).succeedsWithin(WAIT);
		this.transport.awaitFrames(5);
		assertThat(this.transport.frames()).map(OutboundTests::describe)
			.containsExactly("text before", "fragment s1", "fragment s2", "text s3", "text after");
		await(() -> this.owner.messagesSent.size() == 3);
		assertThat(this.owner.messagesSent).containsExactly(6L, 6L, 5L);
		assertThat(this.transport.frames().get(1).thread()).isSameAs(stream.thread());
	}

	@Test
	void aCloseDuringAStreamGoesAfterTheFragmentBeingSentAndTheStreamThrows() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		BlockingQueue<Outgoing> source = new LinkedBlockingQueue<>();
		TestThreads.Started stream = this.threads.start(() -> {
			outbound.stream(() -> next(source));
			return null;
		});
		source.add(new Outgoing.Text("s1", false));
		this.transport.awaitFrames(1);
		stream.awaitState(Thread.State.TIMED_WAITING);
		outbound.close(new CloseStatus(4002, "mid-stream"), true);
		// The stream owns the way out: the close frame waits for it.
		assertThat(this.transport.closes()).isEmpty();
		source.add(new Outgoing.Text("s2", false));
		assertThat(stream.result()).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(this.owner.lastClosedException());
		RecordingTransport.Close close = this.transport.awaitClose();
		assertThat(close.code()).isEqualTo(4002);
		assertThat(close.thread()).isSameAs(stream.thread());
		assertThat(this.transport.texts()).startsWith("s1").isSubsetOf("s1", "s2");
		assertThat(this.transport.sentAfterClose()).isFalse();
		assertThat(this.transport.closes()).hasSize(1);
	}

	@Test
	void aStreamWhoseSourceFailsClosesTheSocketWith1011() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		Iterator<Outgoing> fragments = List.<Outgoing>of(new Outgoing.Text("part", false)).iterator();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> outbound.stream(() -> {
			if (!fragments.hasNext()) {
				throw new IOException("The source failed");
			}
			return fragments.next();
		})).withMessage("The source failed");
		assertThat(this.transport.texts()).containsExactly("part");
		assertThat(this.owner.closes).singleElement()
			.satisfies((status) -> assertThat(status.code()).isEqualTo(CloseStatus.SERVER_ERROR));
	}

	@Test
	void theCloseFrameGoesAfterTheMessageInProgressAndNothingQueuedIsSentAfterIt() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		this.transport.hold();
		write(outbound, "in progress");
		this.transport.awaitHeld(1);
		write(outbound, "queued 1");
		write(outbound, "queued 2");
		outbound.close(new CloseStatus(4001, "bye"), true);
		assertThat(outbound.bufferedBytes()).isZero();
		// It waits for the message in progress, even when the caller would send it.
		assertThat(this.transport.closes()).isEmpty();
		this.transport.release();
		RecordingTransport.Close close = this.transport.awaitClose();
		assertThat(close.code()).isEqualTo(4001);
		assertThat(close.reason()).isEqualTo("bye");
		assertThat(close.thread()).isSameAs(this.transport.frames().get(0).thread());
		// The close frame goes as the sender is done: nothing more can follow.
		assertThat(this.transport.texts()).containsExactly("in progress");
		assertThat(this.transport.closes()).hasSize(1);
		assertThat(this.transport.sentAfterClose()).isFalse();
		assertThat(this.transport.overlapped()).isFalse();
	}

	@Test
	void aCloseWithNothingInProgressGoesAtOnceFromTheCallerWhenAskedTo() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		outbound.close(CloseStatus.NORMAL, true);
		assertThat(this.transport.closes()).singleElement()
			.satisfies((close) -> assertThat(close.thread()).isSameAs(Thread.currentThread()));
	}

	@Test
	void aCloseWithNothingInProgressGoesFromASenderOtherwise() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		outbound.close(CloseStatus.NORMAL, false);
		RecordingTransport.Close close = this.transport.awaitClose();
		assertThat(close.thread()).isNotSameAs(Thread.currentThread());
		assertThat(close.code()).isEqualTo(1000);
	}

	@Test
	void writesAfterCloseThrowTheOwnersClosedException() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		outbound.close(CloseStatus.NORMAL, true);
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> write(outbound, "queued"))
			.isSameAs(this.owner.lastClosedException());
		assertThatExceptionOfType(WebSocketClosedException.class)
			.isThrownBy(() -> outbound.send(new Outgoing.Text("inline", true), 6, true))
			.isSameAs(this.owner.lastClosedException());
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> outbound.stream(fragments("a", "b")))
			.isSameAs(this.owner.lastClosedException());
		assertThat(outbound.offer(new Outgoing.Ping())).isFalse();
		assertThat(this.owner.closedExceptions).hasSize(3);
		assertThat(this.transport.frames()).isEmpty();
	}

	@Test
	void aWriterWaitingForRoomThrowsTheOwnersClosedExceptionWhenTheSocketCloses() {
		Outbound outbound = outbound(100, WAIT);
		this.transport.hold();
		write(outbound, "first");
		this.transport.awaitHeld(1);
		write(outbound, "second");
		TestThreads.Started third = this.threads.start(() -> {
			write(outbound, "third");
			return null;
		});
		third.awaitState(Thread.State.TIMED_WAITING);
		outbound.close(CloseStatus.NORMAL, false);
		assertThat(third.result()).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(this.owner.lastClosedException());
		this.transport.release();
		assertThat(this.transport.awaitClose().code()).isEqualTo(1000);
		assertThat(this.transport.texts()).containsExactly("first");
	}

	@Test
	void aStreamWaitingForItsTurnThrowsTheOwnersClosedExceptionWhenTheSocketCloses() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		this.transport.hold();
		write(outbound, "first");
		this.transport.awaitHeld(1);
		TestThreads.Started stream = this.threads.start(() -> {
			outbound.stream(fragments("never", "sent"));
			return null;
		});
		stream.awaitState(Thread.State.WAITING);
		outbound.close(CloseStatus.NORMAL, false);
		assertThat(stream.result()).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(this.owner.lastClosedException());
		this.transport.release();
		this.transport.awaitClose();
		assertThat(this.transport.texts()).containsExactly("first");
	}

	@Test
	void aFailedSendTellsTheOwnerAndTheNextMessageStillGoes() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		IOException failure = new IOException("Broken pipe");
		this.transport.failNextSend(failure);
		write(outbound, "lost");
		write(outbound, "sent");
		this.transport.awaitFrames(1);
		assertThat(this.transport.texts()).containsExactly("sent");
		assertThat(this.owner.sendFailures).containsExactly(failure);
		assertThat(this.owner.stalledFailures).containsExactly(false);
		await(() -> !this.owner.messagesSent.isEmpty());
		assertThat(this.owner.messagesSent).containsExactly(4L);
	}

	@Test
	void aSendThatFailsAfterTheSendTimeLimitInTheContainerIsToldAsStalledWhateverItsException() throws Exception {
		Duration sendTimeLimit = Duration.ofMillis(300);
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), sendTimeLimit);
		this.transport.hold();
		IOException failure = new IOException("Broken pipe");
		this.transport.failNextSend(failure);
		write(outbound, "stuck");
		this.transport.awaitHeld(1);
		Thread.sleep(sendTimeLimit.toMillis()); // The time in the container is what is
												// tested.
		this.transport.release();
		await(() -> !this.owner.sendFailures.isEmpty());
		assertThat(this.owner.sendFailures).containsExactly(failure);
		assertThat(this.owner.stalledFailures).containsExactly(true);
	}

	@Test
	void theServersOwnSendThatFailsThrowsTheOwnersClosedExceptionWithTheFailureAsCause() {
		Outbound outbound = outbound(SocketLimits.DEFAULTS.sendBufferSize(), WAIT);
		IOException failure = new IOException("Broken pipe");
		this.transport.failNextSend(failure);
		assertThatExceptionOfType(WebSocketClosedException.class)
			.isThrownBy(() -> outbound.send(new Outgoing.Text("lost", true), 4, true))
			.isSameAs(this.owner.lastClosedException())
			.withCause(failure);
		assertThat(this.owner.sendFailures).containsExactly(failure);
		// The way out is free again.
		outbound.send(new Outgoing.Text("sent", true), 4, true);
		assertThat(this.transport.texts()).containsExactly("sent");
	}

	@Test
	void anOfferNeverWaitsForRoom() {
		Outbound outbound = outbound(100, WAIT);
		this.transport.hold();
		write(outbound, "first");
		this.transport.awaitHeld(1);
		write(outbound, "second");
		assertThat(outbound.offer(new Outgoing.Ping())).isFalse();
		this.transport.release();
		this.transport.awaitFrames(2);
		await(() -> outbound.bufferedBytes() == 0);
		assertThat(outbound.offer(new Outgoing.Ping())).isTrue();
		this.transport.awaitFrames(3);
		assertThat(this.transport.frames().get(2)).isInstanceOf(RecordingTransport.Ping.class);
		// A ping is no message.
		await(() -> this.owner.framesSent.get() == 3);
		assertThat(this.owner.messagesSent).hasSize(2);
	}

	private Outbound outbound(long sendBufferSize, Duration sendTimeLimit) {
		Outbound outbound = new Outbound(this.owner, TestSocketContext.sendLimits(sendBufferSize, sendTimeLimit),
				this.sockets.senders());
		outbound.opened(this.transport);
		return outbound;
	}

	private static void write(Outbound outbound, String text) {
		outbound.send(new Outgoing.Text(text, true), text.length(), false);
	}

	/** The next fragment from {@code source}, waiting for it a while. */
	private static Outgoing next(BlockingQueue<Outgoing> source) throws IOException {
		try {
			Outgoing fragment = source.poll(10, TimeUnit.SECONDS);
			if (fragment == null) {
				throw new IOException("No fragment came");
			}
			return fragment;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException();
		}
	}

	private static Fragments fragments(String... texts) {
		Iterator<String> next = List.of(texts).iterator();
		return () -> {
			String text = next.next();
			return new Outgoing.Text(text, !next.hasNext());
		};
	}

	private static long size(Outgoing message) {
		return (message instanceof Outgoing.Text text) ? text.text().length()
				: ((Outgoing.Binary) message).data().length;
	}

	private static String describe(Object frame) {
		if (frame instanceof Outgoing.Text text) {
			return "text " + text.text();
		}
		if (frame instanceof Outgoing.Binary binary) {
			return "binary " + Arrays.toString(binary.data());
		}
		if (frame instanceof RecordingTransport.Text text) {
			return (text.last() ? "text " : "fragment ") + text.text();
		}
		if (frame instanceof RecordingTransport.Binary binary) {
			return (binary.last() ? "binary " : "binary fragment ") + Arrays.toString(binary.data());
		}
		return String.valueOf(frame);
	}

	private static void await(Callable<Boolean> condition) {
		Eventually.await().until(condition);
	}

	/** An {@link Outbound.Owner} that records what it is told. */
	static final class RecordingOwner implements Outbound.Owner {

		static final int CLOSED_CODE = 4000;

		final List<WebSocketClosedException> closedExceptions = new CopyOnWriteArrayList<>();

		final List<Throwable> sendFailures = new CopyOnWriteArrayList<>();

		final List<Boolean> stalledFailures = new CopyOnWriteArrayList<>();

		final AtomicInteger slowConsumers = new AtomicInteger();

		final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

		final AtomicInteger framesSent = new AtomicInteger();

		final List<Long> messagesSent = new CopyOnWriteArrayList<>();

		final AtomicInteger idles = new AtomicInteger();

		@Override
		public String shownId() {
			return "test…";
		}

		@Override
		public WebSocketClosedException closedException(@Nullable Throwable cause) {
			WebSocketClosedException exception = new WebSocketClosedException("test-socket", "Closed", CLOSED_CODE,
					cause);
			this.closedExceptions.add(exception);
			return exception;
		}

		@Nullable WebSocketClosedException lastClosedException() {
			return this.closedExceptions.isEmpty() ? null : this.closedExceptions.get(this.closedExceptions.size() - 1);
		}

		@Override
		public void idle() {
			this.idles.incrementAndGet();
		}

		@Override
		public void sendFailed(Throwable failure, boolean stalled) {
			this.sendFailures.add(failure);
			this.stalledFailures.add(stalled);
		}

		@Override
		public void slowConsumer() {
			this.slowConsumers.incrementAndGet();
		}

		@Override
		public boolean close(CloseStatus status) {
			this.closes.add(status);
			return this.closes.size() == 1;
		}

		@Override
		public void frameSent(Outgoing frame) {
			this.framesSent.incrementAndGet();
		}

		@Override
		public void messageSent(boolean binary, long bytes) {
			this.messagesSent.add(bytes);
		}

	}

}
