package dev.cspwebsocket.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shared pool, made and started only when a shared socket needs it.
 *
 * @author csp-websocket-spring-boot
 */
class ServerThreadsTests {

	private static final InheritableThreadLocal<String> REQUEST = new InheritableThreadLocal<>();

	private final ServerThreads threads = new ServerThreads(true, 4);

	private final SocketThreadContext context = new SocketObservations().uncaptured("abcdefg…", "Test.Shared");

	@AfterEach
	void shutDown() {
		this.threads.shutDown();
		REQUEST.remove();
	}

	@Test
	void noSharedThreadStartsUntilASharedSocketNeedsOneAndThenOnlyAsManyAsItsTasksNeed() {
		this.threads.start();
		assertThat(this.threads.sharedPoolStarted()).isZero();
		CompletableFuture<String> ranOn = new CompletableFuture<>();
		this.threads.sharedTasks(() -> ranOn.complete(Thread.currentThread().getName()), this.context).start();
		assertThat(ranOn.join()).startsWith("csp-ws-shared-");
		assertThat(this.threads.sharedPoolStarted()).isEqualTo(1);
	}

	@Test
	void aSharedThreadInheritsNothingFromTheRequestThreadThatStartedIt() {
		this.threads.start();
		REQUEST.set("the first request's");
		CompletableFuture<String> seen = new CompletableFuture<>();
		this.threads.sharedTasks(() -> seen.complete(String.valueOf(REQUEST.get())), this.context).start();
		assertThat(seen.join()).isEqualTo("null");
		CompletableFuture<Boolean> daemon = new CompletableFuture<>();
		this.threads.sharedTasks(() -> daemon.complete(Thread.currentThread().isDaemon()), this.context).start();
		assertThat(daemon.join()).isTrue();
	}

	@Test
	void aSharedSocketAfterShutdownIsRefusedAndARestartTakesThemAgain() {
		this.threads.start();
		this.threads.shutDown();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.threads.sharedTasks(() -> {
		}, this.context)).withMessage("The WebSocket server threads have shut down");
		this.threads.start();
		CompletableFuture<Boolean> ran = new CompletableFuture<>();
		this.threads.sharedTasks(() -> ran.complete(true), this.context).start();
		assertThat(ran.join()).isTrue();
	}

}
