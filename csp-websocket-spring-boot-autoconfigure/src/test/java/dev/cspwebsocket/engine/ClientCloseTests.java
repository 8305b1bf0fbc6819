package dev.cspwebsocket.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the client's close while messages before it are still to be answered: on a
 * container that holds its answer to the close ({@link Connection#closing}), and on one
 * that answers at once, where the container's thread waits after each message until the
 * server has read it.
 *
 * @author csp-websocket-spring-boot
 */
class ClientCloseTests {

	private static final Duration WAIT = Eventually.TIMEOUT;

	private static final Duration SHORT_LIMIT = Duration.ofMillis(300);

	private static final SocketLimits SHORT_LIMITS = TestSocketContext
		.sendLimits(SocketLimits.DEFAULTS.sendBufferSize(), SHORT_LIMIT);

	private final RecordingTransport transport = new RecordingTransport();

	private final TestThreads threads = new TestThreads();

	private final TestSocketContext sockets = TestSocketContext.pooledAndTurning();

	@AfterEach
	void stopEverything() throws InterruptedException {
		this.transport.release();
		this.threads.close();
		this.sockets.close();
	}

	// A container that holds its answer to the close

	@Test
	void aWriteInAnswerToAMessageBeforeTheClientsCloseGoesOutBeforeTheAnswerToTheClose() {
		Connection connection = open(SocketLimits.DEFAULTS, false);
		connection.servedHere();
		connection.text("question", true);
		connection.closing(1000, "bye");
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("question", true));
		connection.write("answer");
		assertThat(this.transport.closes()).as("the close, answered before the server came back").isEmpty();
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Closed(1000, "bye"));
		assertThat(this.transport.awaitClose().code()).isEqualTo(1000);
		assertThat(this.transport.texts()).containsExactly("answer");
		assertThat(this.transport.sentAfterClose()).isFalse();
	}

	@Test
	void messagesQueuedForTheClientWhenTheServerEndsGoOutBeforeTheAnswerToTheClose() {
		Connection connection = open(SocketLimits.DEFAULTS, false);
		this.transport.hold();
		connection.write("one");
		connection.write("two");
		this.transport.awaitHeld(1);
		connection.closing(1001, "");
		assertThat(connection.close(CloseStatus.NORMAL)).as("closed first by the client").isFalse();
		this.transport.release();
		assertThat(this.transport.awaitClose().code()).isEqualTo(1001);
		assertThat(this.transport.texts()).containsExactly("one", "two");
		assertThat(this.transport.sentAfterClose()).isFalse();
	}

	@Test
	void aFailureWhileTheClientsCloseIsHeldDropsWhatIsQueuedAndAnswersAtOnce() {
		Connection connection = open(SocketLimits.DEFAULTS, false);
		this.transport.hold();
		connection.write("one");
		connection.write("two");
		this.transport.awaitHeld(1);
		connection.closing(1000, "");
		connection.close(new CloseStatus(CloseStatus.SERVER_ERROR, "Internal server error"));
		this.transport.release();
		assertThat(this.transport.awaitClose().code()).isEqualTo(1000);
		assertThat(this.transport.texts()).containsExactly("one");
	}

	@Test
	void aStreamWaitingOnItsSourceDoesNotHoldTheAnswerPastTheSendTimeLimit() {
		Connection connection = open(SHORT_LIMITS, false);
		CountDownLatch sourceReady = new CountDownLatch(1);
		TestThreads.Started stream = this.threads.start(() -> {
			connection.write(new InputStream() {

				@Override
				public int read() throws IOException {
					try {
						sourceReady.await();
					}
					catch (InterruptedException ex) {
						throw new InterruptedIOException();
					}
					return -1;
				}

			});
			return null;
		});
		stream.awaitState(Thread.State.WAITING);
		connection.closing(1000, "");
		assertThat(this.transport.awaitClose().code()).isEqualTo(1000);
		sourceReady.countDown();
		assertThat(stream.result()).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(WebSocketClosedException.class);
		assertThat(this.transport.frames()).isEmpty();
	}

	@Test
	void aServerThatDoesNotAnswerHasTheClientsCloseAnsweredAfterTheSendTimeLimit() {
		Connection connection = open(SHORT_LIMITS, false);
		connection.text("unread", true);
		long start = System.nanoTime();
		connection.closing(1000, "");
		assertThat(this.transport.awaitClose().code()).isEqualTo(1000);
		assertThat(Duration.ofNanos(System.nanoTime() - start))
			.isGreaterThanOrEqualTo(SHORT_LIMIT.minus(ReadTimer.TICK));
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("unread", true));
	}

	@Test
	void theClientsCloseAfterTheServersOwnIsNotAnsweredAgain() {
		Connection connection = open(SocketLimits.DEFAULTS, false);
		assertThat(connection.close(new CloseStatus(4000, "done"))).isTrue();
		assertThat(this.transport.awaitClose().code()).isEqualTo(4000);
		connection.closing(4000, "done");
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Closed(4000, "done"));
		assertThat(this.transport.closes()).hasSize(1);
	}

	// A container that answers the close at once: its thread waits after each message

	@Test
	void theContainersThreadWaitsAfterAMessageUntilTheServerHasReadItAndComesBack() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SocketLimits.DEFAULTS, false);
		TestThreads.Started container = deliver(connection, "one");
		container.awaitState(Thread.State.WAITING);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		assertThat(container.isDone()).as("done while the server answers").isFalse();
		assertThat(connection.read(Duration.ZERO)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(container.result()).succeedsWithin(WAIT);
		assertThat(this.transport.pauses()).as("Tomcat's pause of reading is not used").isZero();
	}

	@Test
	void theContainersThreadWaitsForTheServersAnswerToLeaveTheQueue() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SocketLimits.DEFAULTS, false);
		this.transport.hold();
		connection.write("sent by another thread");
		this.transport.awaitHeld(1);
		TestThreads.Started container = deliver(connection, "one");
		assertThat(connection.read(WAIT)).isEqualTo(new ReadResult.Text("one", true));
		connection.write("answer");
		assertThat(connection.read(Duration.ZERO)).isInstanceOf(ReadResult.Timeout.class);
		container.awaitState(Thread.State.WAITING);
		assertThat(container.isDone()).as("done with the answer still queued").isFalse();
		this.transport.release();
		assertThat(container.result()).succeedsWithin(WAIT);
		assertThat(this.transport.texts()).containsExactly("sent by another thread", "answer");
	}

	@Test
	void anotherReaderComingBackDoesNotReleaseTheReaderThatTookTheMessage() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SocketLimits.DEFAULTS, false);
		TestThreads.Started container = deliver(connection, "one");
		assertThat(connection.read(WAIT)).isEqualTo(new ReadResult.Text("one", true));
		TestThreads.Started otherReader = this.threads.start(() -> connection.read(Duration.ZERO));
		assertThat(otherReader.result()).succeedsWithin(WAIT).isInstanceOf(ReadResult.Timeout.class);
		container.awaitState(Thread.State.WAITING);
		assertThat(container.isDone()).isFalse();
		assertThat(connection.read(Duration.ZERO)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(container.result()).succeedsWithin(WAIT);
	}

	@Test
	void aWaitRunsOutAfterTheSendTimeLimitAndIsNotTakenAgainUntilTheServerReads() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SHORT_LIMITS, false);
		long start = System.nanoTime();
		connection.text("one", true);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the wait for a server that does not read")
			.isGreaterThanOrEqualTo(SHORT_LIMIT);
		start = System.nanoTime();
		connection.text("two", true);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait again before the server reads")
			.isLessThan(SHORT_LIMIT);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("two", true));
		TestThreads.Started container = deliver(connection, "three");
		container.awaitState(Thread.State.TIMED_WAITING);
		assertThat(container.isDone()).as("waiting again once the server reads").isFalse();
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("three", true));
		assertThat(connection.read(Duration.ZERO)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(container.result()).succeedsWithin(WAIT);
	}

	@Test
	void aSharedSocketReadByOtherThreadsKeepsNoThreadWaiting() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SHORT_LIMITS, true);
		long start = System.nanoTime();
		connection.text("one", true);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		connection.text("two", true);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT_LIMIT);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("two", true));
	}

	@Test
	void aSharedSocketReadOnceAnswersTheClientsCloseWhenItsServerEndsWithNothingLeftToRead() {
		Connection connection = open(SocketLimits.DEFAULTS, true);
		connection.text("one", true);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		connection.closing(1000, "");
		assertThat(this.transport.closes()).isEmpty();
		connection.serverEnded();
		assertThat(this.transport.awaitClose().code()).isEqualTo(1000);
	}

	/** The container delivering a whole text message, on a thread of its own. */
	private TestThreads.Started deliver(Connection connection, String text) {
		return this.threads.start(() -> {
			connection.text(text, true);
			return null;
		});
	}

	private Connection open(SocketLimits limits, boolean shared) {
		return this.sockets.open(limits, shared, this.transport);
	}

}
