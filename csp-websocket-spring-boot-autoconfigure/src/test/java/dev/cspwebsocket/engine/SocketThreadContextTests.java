package dev.cspwebsocket.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The context a socket's callbacks run in on other threads, and the request thread put
 * back after its handshake.
 *
 * @author csp-websocket-spring-boot
 */
class SocketThreadContextTests {

	private final SocketObservations observations = new SocketObservations();

	private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

	@AfterEach
	void cleanUp() {
		MDC.clear();
		SecurityContextHolder.clearContext();
		this.otherThread.shutdownNow();
	}

	@Test
	void aScopeSetsTheHandshakesMdcAndTheSocketsIdsThenPutsTheThreadBackAsItWas() {
		MDC.put("tenant", "acme");
		SocketThreadContext context = this.observations.capture("abcdefg…", "Test.Echo");
		MDC.clear();
		Map<String, String> inScope = onOtherThread(() -> {
			MDC.put("own", "kept");
			try (SocketThreadContext.Scope scope = context.open()) {
				return MDC.getCopyOfContextMap();
			}
		});
		assertThat(inScope).containsEntry("tenant", "acme")
			.containsEntry("csp.webSocketId", "abcdefg…")
			.containsEntry("csp.serverClass", "Test.Echo");
		assertThat(onOtherThread(MDC::getCopyOfContextMap)).as("after the scope")
			.containsExactly(Map.entry("own", "kept"));
	}

	@Test
	void nestedScopesOfTwoSocketsPutBackTheOuterSocketsIds() {
		SocketThreadContext outer = this.observations.capture("outer…", "Test.Outer");
		SocketThreadContext inner = this.observations.capture("inner…", "Test.Inner");
		try (SocketThreadContext.Scope outerScope = outer.open()) {
			try (SocketThreadContext.Scope innerScope = inner.open()) {
				assertThat(MDC.get("csp.webSocketId")).isEqualTo("inner…");
			}
			assertThat(MDC.get("csp.webSocketId")).isEqualTo("outer…");
			assertThat(MDC.get("csp.serverClass")).isEqualTo("Test.Outer");
		}
		assertThat(MDC.get("csp.webSocketId")).isNull();
	}

	@Test
	void theHandshakesObservationIsCurrentInTheScopeAndNotAfterIt() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.observations.setRegistry(registry);
		Observation handshake = Observation.start("handshake", registry);
		SocketThreadContext context;
		try (Observation.Scope scope = handshake.openScope()) {
			context = this.observations.capture("abcdefg…", "Test.Echo");
		}
		handshake.stop();
		assertThat(context.handshake()).isSameAs(handshake);
		assertThat(onOtherThread(() -> {
			try (SocketThreadContext.Scope scope = context.open()) {
				return registry.getCurrentObservation();
			}
		})).isSameAs(handshake);
		assertThat(onOtherThread(registry::getCurrentObservation)).isNull();
	}

	@Test
	void anEndedHandshakesObservationLetsGoOfTheRequestsWhichTheSocketWouldHoldForItsLife() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		List<@Nullable ObservationView> parentsAtStop = new ArrayList<>();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				parentsAtStop.add(context.getParentObservation());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.observations.setRegistry(registry);
		Observation request = Observation.start("request", registry);
		Observation handshake = Observation.createNotStarted("handshake", registry).parentObservation(request).start();
		this.observations.handshakeEnded(handshake);
		assertThat(parentsAtStop).as("the parent, as the handlers saw it").containsExactly(request);
		assertThat(handshake.getContext().getParentObservation()).isNull();
		request.stop();
	}

	@Test
	void springSecuritysContextIsNotCarriedToTheCallbacksOfASocket() {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "secret"));
		SocketThreadContext context = this.observations.capture("abcdefg…", "Test.Echo");
		assertThat(onOtherThread(() -> {
			try (SocketThreadContext.Scope scope = context.open()) {
				return SecurityContextHolder.getContext().getAuthentication();
			}
		})).isNull();
	}

	@Test
	void whatTheHandshakePutsInTheMdcIsTakenBackFromTheRequestThread() {
		MDC.put("request", "r-1");
		try (ContextSnapshot.Scope scope = this.observations.keepThreadLocals()) {
			MDC.put("tenant", "acme");
		}
		assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("request", "r-1"));
		MDC.clear();
		try (ContextSnapshot.Scope scope = this.observations.keepThreadLocals()) {
			MDC.put("tenant", "acme");
		}
		assertThat(MDC.get("tenant")).as("from an empty MDC").isNull();
	}

	private <T> T onOtherThread(Supplier<T> work) {
		return CompletableFuture.supplyAsync(work, this.otherThread).join();
	}

}
