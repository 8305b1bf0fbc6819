package dev.cspwebsocket;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the client's close while messages before it are still to be answered: on a
 * container that holds its answer to the close ({@link Connection#closing}), and on one
 * that answers at once, where reading waits after each message until the server has read
 * it.
 *
 * @author csp-websocket-spring-boot
 */
class ClientCloseTests {

	private static final Duration WAIT = Eventually.TIMEOUT;

	private static final Duration SHORT_LIMIT = Duration.ofMillis(300);

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
	void aServerThatDoesNotAnswerHasTheClientsCloseAnsweredAfterTheSendTimeLimit() {
		Connection connection = open(TestSocketContext.sendLimits(SocketLimits.DEFAULTS.sendBufferSize(), SHORT_LIMIT),
				false);
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

	// A container that answers the close at once

	@Test
	void readingWaitsAfterEachMessageUntilTheServerHasReadItAndComesBack() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SocketLimits.DEFAULTS, false);
		connection.text("one", true);
		assertThat(this.transport.pauses()).isEqualTo(1);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		assertThat(this.transport.resumes()).as("resumed while the server answers").isZero();
		assertThat(connection.read(Duration.ZERO)).isInstanceOf(ReadResult.Timeout.class);
		assertThat(this.transport.resumes()).isEqualTo(1);
		connection.text("two", true);
		assertThat(this.transport.pauses()).isEqualTo(2);
	}

	@Test
	void aHoldRunsOutAfterTheSendTimeLimitAndIsNotTakenAgainUntilTheServerReads() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(TestSocketContext.sendLimits(SocketLimits.DEFAULTS.sendBufferSize(), SHORT_LIMIT),
				false);
		connection.text("one", true);
		await().atMost(WAIT).until(() -> this.transport.resumes() == 1);
		connection.text("two", true);
		assertThat(this.transport.pauses()).as("no hold for a server that does not read").isEqualTo(1);
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("two", true));
		connection.text("three", true);
		assertThat(this.transport.pauses()).as("held again once the server reads").isEqualTo(2);
	}

	@Test
	void aSharedSocketNobodyReadsHoldsNothingBack() {
		this.transport.answerCloseAtOnce();
		Connection connection = open(SocketLimits.DEFAULTS, true);
		connection.text("one", true);
		connection.text("two", true);
		assertThat(this.transport.pauses()).isZero();
		assertThat(connection.read(Duration.ZERO)).isEqualTo(new ReadResult.Text("one", true));
		connection.read(Duration.ZERO);
		connection.text("three", true);
		assertThat(this.transport.pauses()).as("held once read").isEqualTo(1);
	}

	private Connection open(SocketLimits limits, boolean shared) {
		Route route = new Route("test", new ServerClass("Test.Server", "testServer", Object.class, List.of()));
		Handshake handshake = new Handshake(URI.create("ws://localhost/csp/test/Test.Server.cls"),
				new LinkedMultiValueMap<>(), new HttpHeaders(), null, null, null);
		Connection connection = new Connection(WebSocketIds.next(), route, handshake, null, null, false,
				this.sockets.with(limits));
		connection.setSharedConnection(shared);
		connection.handshakeDone();
		connection.opened(this.transport);
		return connection;
	}

}
