package dev.cspwebsocket.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static dev.cspwebsocket.engine.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Connection}.
 *
 * @author csp-websocket-spring-boot
 */
class ConnectionTests {

	private static final Duration WAIT = Eventually.TIMEOUT;

	private static final Heartbeat HEARTBEAT = new Heartbeat(Duration.ofMinutes(1), Duration.ofSeconds(10));

	private final RecordingTransport transport = new RecordingTransport();

	private final TestThreads threads = new TestThreads();

	// Queued messages and close frames go on the thread that hands them over.
	private final TestSocketContext sockets = TestSocketContext.direct();

	private final RecordingSocketEvents events = this.sockets.events;

	@AfterEach
	void stopEverything() throws InterruptedException {
		this.transport.release();
		this.threads.close();
		this.sockets.close();
	}

	@Test
	void setResumableOnADedicatedSocketThrowsSayingToMakeItSharedFirst() {
		Connection connection = this.sockets.handshaking(SocketLimits.DEFAULTS);
		assertThatIllegalStateException().isThrownBy(() -> connection.setResumable(true))
			.withMessage("setResumable(true) needs a shared connection: call setSharedConnection(true) first");
		connection.setSharedConnection(true);
		connection.setResumable(true);
		assertThat(connection.isResumable()).isTrue();
	}

	@Test
	void setResumableOutsideOnPreServerThrows() {
		Connection connection = this.sockets.handshaking(SocketLimits.DEFAULTS);
		connection.setSharedConnection(true);
		connection.handshakeDone();
		assertThatIllegalStateException().isThrownBy(() -> connection.setResumable(true))
			.withMessageStartingWith("setResumable() is allowed in onPreServer() only");
		assertThat(connection.isResumable()).isFalse();
	}

	@Test
	void theEventsHearOfTheOpening() {
		Connection connection = open(SocketLimits.DEFAULTS);
		assertThat(this.events.opened).containsExactly(connection);
		assertThat(connection.isOpen()).isTrue();
		assertThat(connection.isHandshaking()).isFalse();
	}

	@Test
	void aWriteThatSeesTheSocketClosedByTheServerFailsRatherThanBeingQueuedAndDropped() {
		Connection connection = open(SocketLimits.DEFAULTS);
		List<Throwable> written = writeWhenClosed();
		connection.close(new CloseStatus(CloseStatus.POLICY_VIOLATION, "Enough"));
		assertThat(written).singleElement()
			.isInstanceOfSatisfying(WebSocketClosedException.class, (ex) -> assertThat(ex.code()).isEqualTo(1008));
	}

	@Test
	void aWriteThatSeesTheConnectionGoneFailsRatherThanBeingQueuedAndDropped() {
		Connection connection = open(SocketLimits.DEFAULTS);
		List<Throwable> written = writeWhenClosed();
		connection.closed(1006, "");
		assertThat(written).singleElement()
			.isInstanceOfSatisfying(WebSocketClosedException.class, (ex) -> assertThat(ex.code()).isEqualTo(1006));
	}

	@Test
	void aCloseForAPassedLimitIsCountedBeforeAWriterCanSeeIt() {
		Connection connection = open(SocketLimits.DEFAULTS);
		List<Throwable> refused = new ArrayList<>();
		this.events.whenLimitClosed = (socket) -> {
			try {
				// Refused here, the writer could report the close before the meters do.
				socket.write("while the close is counted");
			}
			catch (RuntimeException ex) {
				refused.add(ex);
			}
		};
		connection.slowConsumer();
		assertThat(this.events.limitClosed).hasSize(1);
		assertThat(refused).isEmpty();
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> connection.write("after"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(1008));
	}

	@Test
	void aFailureTheContainerReportsIsLoggedAtDebugWithTheSocketsIdInItsLogContext() {
		Connection connection = open(SocketLimits.DEFAULTS);
		Logger logger = (Logger) LoggerFactory.getLogger(Connection.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		logger.addAppender(logged);
		try {
			connection.failure("Reading failed", new IOException("Connection reset"));
		}
		finally {
			logger.detachAppender(logged);
			logger.setLevel(level);
		}
		assertThat(logged.list).singleElement().satisfies((event) -> {
			assertThat(event.getFormattedMessage())
				.isEqualTo("Reading failed on WebSocket " + connection.shownId() + " of " + connection.route());
			assertThat(event.getMDCPropertyMap()).containsEntry("csp.webSocketId", connection.shownId())
				.containsEntry("csp.serverClass", connection.serverClass());
			assertThat(event.getThrowableProxy().getMessage()).isEqualTo("Connection reset");
		});
	}

	/** What a write made as the close is told, as a listener would, ends with. */
	private List<Throwable> writeWhenClosed() {
		List<Throwable> written = new ArrayList<>();
		this.events.whenClosed = (socket) -> {
			assertThat(socket.isOpen()).isFalse();
			try {
				socket.write("after the close");
				written.add(new AssertionError("queued, to be dropped"));
			}
			catch (RuntimeException ex) {
				written.add(ex);
			}
		};
		return written;
	}

	// Client messages

	@Test
	void aSurrogatePairSplitBetweenTwoPartsArrivesAsOneWholeCharacter() {
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.text("ab\ud83d", false);
		connection.text("\ude00cd", true);
		List<String> pieces = new ArrayList<>();
		ReadResult.Text piece;
		do {
			piece = (ReadResult.Text) connection.read(1, Duration.ZERO);
			pieces.add(piece.data());
		}
		while (!piece.atEnd());
		assertThat(pieces).containsExactly("a", "b", "😀", "c", "d");
		assertThat(this.events.received).containsExactly(new RecordingSocketEvents.Message(false, 8));
	}

	@Test
	void aPairWhoseHighHalfCameAloneInAPartArrivesWhole() {
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.text("\ud83d", false);
		connection.text("\ude00", false);
		connection.text("\ud83d", false);
		connection.text("\ude03", false);
		connection.text("", true);
		assertThat(connection.read(1, Duration.ZERO)).isEqualTo(new ReadResult.Text("😀", false));
		assertThat(connection.read(1, Duration.ZERO)).isEqualTo(new ReadResult.Text("😃", false));
		assertThat(connection.read(1, Duration.ZERO)).isEqualTo(new ReadResult.Text("", true));
	}

	@Test
	void binaryPartsArriveAsOneMessageCopiedFromTheContainersBuffer() {
		Connection connection = open(SocketLimits.DEFAULTS);
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 1, 2, 3 });
		connection.binary(buffer, false);
		// The container reuses its buffer.
		buffer.clear();
		buffer.put(new byte[] { 4, 5, 6 }).flip();
		connection.binary(buffer, true);
		ReadResult.Binary message = (ReadResult.Binary) connection.read(100, Duration.ZERO);
		assertThat(message.data()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(message.atEnd()).isTrue();
		assertThat(this.events.received).containsExactly(new RecordingSocketEvents.Message(true, 6));
	}

	@Test
	void aTextMessageOverMaxTextMessageSizeClosesTheSocketWith1009() {
		Connection connection = open(messageLimits(10));
		connection.text("12345", false);
		connection.text("678901", true);
		assertThat(this.transport.awaitClose().code()).isEqualTo(CloseStatus.TOO_BIG);
		assertThat(this.events.closed).containsExactly(connection);
		assertThat(connection.closeReason()).isEqualTo(CloseReason.TOO_BIG);
		assertThat(readToTheClose(connection).code()).isEqualTo(CloseStatus.TOO_BIG);
		assertThat(this.events.received).isEmpty();
		assertThat(connection.isOpen()).isFalse();
	}

	@Test
	void aBinaryMessageOverMaxBinaryMessageSizeClosesTheSocketWith1009() {
		Connection connection = open(messageLimits(10));
		connection.binary(ByteBuffer.wrap(new byte[11]), true);
		assertThat(this.transport.awaitClose().code()).isEqualTo(CloseStatus.TOO_BIG);
		assertThat(this.events.closed).containsExactly(connection);
		assertThat(readToTheClose(connection).reason()).isEqualTo("Binary message larger than 10 bytes");
	}

	@Test
	void aMessageOfExactlyMaxTextMessageSizeIsTaken() {
		Connection connection = open(messageLimits(10));
		// 4 + 6 bytes of UTF-8.
		connection.text("😀", false);
		connection.text("ééé", true);
		assertThat(connection.read(100, Duration.ZERO)).isEqualTo(new ReadResult.Text("😀ééé", true));
		// The size counts from each message's start.
		connection.text("0123456789", true);
		assertThat(connection.read(100, Duration.ZERO)).isEqualTo(new ReadResult.Text("0123456789", true));
		assertThat(this.transport.closes()).isEmpty();
		assertThat(connection.isOpen()).isTrue();
	}

	// The close, as the container reports it

	@Test
	void anAbnormalCloseWhileASendIsStalledPastTheSendTimeLimitIsRecordedAsASlowConsumer() {
		Duration sendTimeLimit = Duration.ofMillis(200);
		Connection connection = open(sendLimits(sendTimeLimit));
		this.transport.hold();
		TestThreads.Started writer = this.threads.start(() -> {
			connection.write("stalled");
			return null;
		});
		this.transport.awaitHeld(1);
		await().until(() -> this.transport.heldFor().compareTo(sendTimeLimit) >= 0);
		// The container gives up on the send and drops the connection.
		connection.closed(CloseStatus.NO_CLOSE_FRAME, "");
		assertThat(connection.closeReason()).isEqualTo(CloseReason.SLOW_CONSUMER);
		assertThat(this.events.limitClosed).singleElement().satisfies((limit) -> {
			assertThat(limit.socket()).isSameAs(connection);
			assertThat(limit.reason()).isEqualTo(CloseReason.SLOW_CONSUMER);
			assertThat(limit.status().code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
		});
		assertThat(this.events.closed).containsExactly(connection);
		ReadResult.Closed closed = readToTheClose(connection);
		assertThat(closed.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
		assertThat(closed.reason()).startsWith("Slow consumer");
		// The container has closed: the engine sends no close frame of its own.
		this.transport.release();
		assertThat(writer.result()).succeedsWithin(WAIT);
		assertThat(this.transport.closes()).isEmpty();
	}

	@Test
	void anAbnormalCloseWhileASendIsInProgressWithinTheSendTimeLimitIsAbnormal() {
		Connection connection = open(sendLimits(WAIT));
		this.transport.hold();
		this.threads.start(() -> {
			connection.write("in progress");
			return null;
		});
		this.transport.awaitHeld(1);
		connection.closed(CloseStatus.NO_CLOSE_FRAME, "");
		assertThat(connection.closeReason()).isEqualTo(CloseReason.ABNORMAL);
		assertThat(this.events.limitClosed).isEmpty();
		assertThat(readToTheClose(connection).code()).isEqualTo(CloseStatus.NO_CLOSE_FRAME);
	}

	@Test
	void theClientsCloseIsWhatReadersSee() {
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.text("last words", true);
		connection.closed(CloseStatus.GOING_AWAY, "page left");
		assertThat(connection.read(100, Duration.ZERO)).isEqualTo(new ReadResult.Text("last words", true));
		assertThat(connection.read(100, Duration.ZERO)).isEqualTo(new ReadResult.Closed(1001, "page left"));
		assertThat(connection.closeReason()).isEqualTo(CloseReason.GOING_AWAY);
		assertThat(this.events.closed).containsExactly(connection);
		// Told once, whatever comes after.
		connection.closed(CloseStatus.NO_CLOSE_FRAME, "");
		assertThat(connection.close(CloseStatus.NORMAL)).isFalse();
		assertThat(this.events.closed).containsExactly(connection);
		assertThat(this.transport.closes()).isEmpty();
	}

	// Writing

	@Test
	void aSendThatTimesOutInTheContainerClosesTheSocketAsASlowConsumer() {
		Connection connection = open(SocketLimits.DEFAULTS);
		this.transport.timeOutNextSend();
		connection.write("never taken");
		RecordingTransport.Close close = this.transport.awaitClose();
		assertThat(close.code()).isEqualTo(CloseStatus.POLICY_VIOLATION);
		assertThat(close.reason()).startsWith("Slow consumer");
		assertThat(this.events.limitClosed).singleElement()
			.satisfies((limit) -> assertThat(limit.reason()).isEqualTo(CloseReason.SLOW_CONSUMER));
		assertThat(connection.closeReason()).isEqualTo(CloseReason.SLOW_CONSUMER);
	}

	@Test
	void aSendThatFailsOtherwiseClosesTheSocketWith1011() {
		Connection connection = open(SocketLimits.DEFAULTS);
		this.transport.failNextSend(new IOException("Broken pipe"));
		connection.write("lost");
		assertThat(this.transport.awaitClose().code()).isEqualTo(CloseStatus.SERVER_ERROR);
		assertThat(this.events.limitClosed).isEmpty();
		assertThat(connection.closeReason()).isEqualTo(CloseReason.ERROR);
	}

	@Test
	void theServerThreadsOwnSendThatFailsThrowsWithTheCloseCode() {
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.servedHere();
		IOException failure = new IOException("Broken pipe");
		this.transport.failNextSend(failure);
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> connection.write("lost"))
			.withCause(failure)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(CloseStatus.SERVER_ERROR));
		assertThat(this.transport.frames()).isEmpty();
	}

	@Test
	void writesAfterTheCloseThrowWithTheCloseCode() {
		Connection connection = open(SocketLimits.DEFAULTS);
		assertThat(connection.close(new CloseStatus(4321, "done"))).isTrue();
		assertThatExceptionOfType(WebSocketClosedException.class).isThrownBy(() -> connection.write("late"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(4321))
			.withMessageContaining("(4321 done)");
		assertThat(this.transport.awaitClose().code()).isEqualTo(4321);
		assertThat(this.transport.frames()).isEmpty();
	}

	@Test
	void messagesSentAreCounted() {
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.write("héllo");
		connection.write(new byte[] { 1, 2, 3 });
		assertThat(this.transport.frames()).hasSize(2);
		assertThat(this.events.sent).containsExactly(new RecordingSocketEvents.Message(false, 6),
				new RecordingSocketEvents.Message(true, 3));
		assertThat(connection.info("node").messagesOut()).isEqualTo(2);
		assertThat(connection.info("node").bytesOut()).isEqualTo(9);
	}

	// Heartbeat

	@Test
	void aPingGoesOutWhenOneIsDueAndNoOtherUntilItIsAnswered() {
		Heartbeat heartbeat = new Heartbeat(Duration.ofSeconds(1), Duration.ofHours(1));
		long beforeOpening = System.nanoTime();
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.heartbeat(beforeOpening, heartbeat);
		assertThat(this.transport.frames()).isEmpty();
		long due = System.nanoTime() + heartbeat.pingInterval().toNanos();
		connection.heartbeat(due, heartbeat);
		assertThat(this.transport.frames()).singleElement().isInstanceOf(RecordingTransport.Ping.class);
		long dueAgain = due + heartbeat.pingInterval().toNanos();
		// Unanswered, and within the pong timeout: no second ping.
		connection.heartbeat(dueAgain, heartbeat);
		assertThat(this.transport.frames()).hasSize(1);
		connection.pong();
		connection.heartbeat(dueAgain, heartbeat);
		assertThat(this.transport.frames()).hasSize(2).allMatch(RecordingTransport.Ping.class::isInstance);
		assertThat(connection.isOpen()).isTrue();
		// Pings are no messages.
		assertThat(this.events.sent).isEmpty();
	}

	@Test
	void aPongTimeoutClosesTheSocketWith1001() {
		Connection connection = open(SocketLimits.DEFAULTS);
		long pinged = ping(connection);
		connection.heartbeat(pinged + HEARTBEAT.pongTimeout().toNanos() / 2, HEARTBEAT);
		assertThat(connection.isOpen()).isTrue();
		connection.heartbeat(pinged + HEARTBEAT.pongTimeout().toNanos() + 1, HEARTBEAT);
		RecordingTransport.Close close = this.transport.awaitClose();
		assertThat(close.code()).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(close.reason()).startsWith("Pong timeout");
		assertThat(connection.closeReason()).isEqualTo(CloseReason.PONG_TIMEOUT);
		assertThat(readToTheClose(connection).code()).isEqualTo(CloseStatus.GOING_AWAY);
		assertThat(this.events.closed).containsExactly(connection);
	}

	@Test
	void aClientMessageAfterThePingShowsTheClientAliveAsItsPongMayQueueBehind() {
		Heartbeat heartbeat = new Heartbeat(Duration.ofMinutes(1), Duration.ofMillis(20));
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.heartbeat(System.nanoTime() + heartbeat.pingInterval().toNanos(), heartbeat);
		assertThat(this.transport.frames()).singleElement().isInstanceOf(RecordingTransport.Ping.class);
		long pinged = System.nanoTime();
		// Time passes: the ping alone would be overdue.
		await().until(() -> System.nanoTime() - pinged > 2 * heartbeat.pongTimeout().toNanos());
		connection.text("still here", true);
		connection.heartbeat(System.nanoTime(), heartbeat);
		assertThat(connection.isOpen()).isTrue();
		assertThat(this.transport.closes()).isEmpty();
	}

	@Test
	void aPongTimeoutDoesNotCloseASocketWhoseReadingIsPausedUntilReadingResumes() {
		Connection connection = open(TestSocketContext.inboundLimits(100, 1, 1));
		connection.text("x".repeat(200), true);
		assertThat(this.transport.pauses()).isOne();
		long pinged = ping(connection);
		long overdue = pinged + Duration.ofHours(1).toNanos();
		// The answer may be waiting, unread.
		connection.heartbeat(overdue, HEARTBEAT);
		assertThat(connection.isOpen()).isTrue();
		assertThat(connection.read(1000, Duration.ZERO)).isEqualTo(new ReadResult.Text("x".repeat(200), true));
		assertThat(this.transport.resumes()).isOne();
		connection.heartbeat(overdue, HEARTBEAT);
		assertThat(connection.isOpen()).isFalse();
		assertThat(connection.closeReason()).isEqualTo(CloseReason.PONG_TIMEOUT);
	}

	@Test
	void noHeartbeatForAClosedSocket() {
		Connection connection = open(SocketLimits.DEFAULTS);
		connection.closed(CloseStatus.NORMAL.code(), "");
		connection.heartbeat(System.nanoTime() + Duration.ofHours(1).toNanos(), HEARTBEAT);
		assertThat(this.transport.frames()).isEmpty();
	}

	/** Ping the client, the ping due; returns when it went. */
	private long ping(Connection connection) {
		connection.heartbeat(System.nanoTime() + HEARTBEAT.pingInterval().toNanos(), HEARTBEAT);
		long pinged = System.nanoTime();
		assertThat(this.transport.frames()).last().isInstanceOf(RecordingTransport.Ping.class);
		return pinged;
	}

	private Connection open(SocketLimits limits) {
		return this.sockets.open(limits, false, this.transport);
	}

	/** Read what is left, to the close. */
	private static ReadResult.Closed readToTheClose(Connection connection) {
		for (int i = 0; i < 100; i++) {
			ReadResult result = connection.read(1000, Duration.ZERO);
			if (result instanceof ReadResult.Closed closed) {
				return closed;
			}
		}
		throw new AssertionError("No close after 100 reads");
	}

	private static SocketLimits messageLimits(long maxMessageSize) {
		SocketLimits d = SocketLimits.DEFAULTS;
		return new SocketLimits(maxMessageSize, maxMessageSize, d.messageBufferSize(), d.inboundBufferSize(),
				d.sendBufferSize(), d.sendTimeLimit(), d.maxQueuedMessages(), d.maxQueuedBytes(), d.idleTimeout(),
				d.resumeGrace(), d.resumeBufferSize());
	}

	private static SocketLimits sendLimits(Duration sendTimeLimit) {
		return TestSocketContext.sendLimits(SocketLimits.DEFAULTS.sendBufferSize(), sendTimeLimit);
	}

}
