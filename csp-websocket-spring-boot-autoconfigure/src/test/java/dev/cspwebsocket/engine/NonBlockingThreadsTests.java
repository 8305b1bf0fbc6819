package dev.cspwebsocket.engine;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.SocketLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A call that would block fails at once on a thread that must not block (a Reactor event
 * loop or parallel thread), saying what to do; it works as before on any other thread.
 *
 * @author csp-websocket-spring-boot
 */
class NonBlockingThreadsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final TestSocketContext sockets = TestSocketContext.direct();

	private final Scheduler nonBlocking = Schedulers.newParallel("csp-test-non-blocking", 1);

	@AfterEach
	void close() throws InterruptedException {
		this.nonBlocking.dispose();
		this.sockets.close();
	}

	@Test
	void aReadWithATimeoutOnANonBlockingThreadFailsAtOnceSayingWhatToDo() {
		Connection socket = this.sockets.open(SocketLimits.DEFAULTS, false, new RecordingTransport());
		assertThatIllegalStateException()
			.isThrownBy(() -> onNonBlockingThread(() -> socket.read(Duration.ofSeconds(5))))
			.withMessageStartingWith("read() with a timeout on WebSocket " + socket.shownId() + " would block ")
			.withMessageContaining("csp-test-non-blocking")
			.withMessageContaining("subscribeOn(Schedulers.boundedElastic())");
	}

	@Test
	void aReadThatCannotWaitWorksOnANonBlockingThread() {
		Connection socket = this.sockets.open(SocketLimits.DEFAULTS, false, new RecordingTransport());
		assertThat(onNonBlockingThread(() -> socket.read(Duration.ZERO))).isInstanceOf(ReadResult.Timeout.class);
	}

	@Test
	void aReadWithATimeoutWorksOnAThreadThatMayBlock() {
		Connection socket = this.sockets.open(SocketLimits.DEFAULTS, false, new RecordingTransport());
		assertThat(socket.read(Duration.ofMillis(10))).isInstanceOf(ReadResult.Timeout.class);
	}

	/** Run on a parallel thread of Reactor's, which must not block, and wait for it. */
	private <T> T onNonBlockingThread(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(this.nonBlocking).block(WAIT);
	}

}
