package dev.cspwebsocket.actuate.health;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * Tests for {@link CspWebSocketsHealthRuntimeHints}.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketsHealthRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(CspWebSocketsHealthRuntimeHints.class);
	}

	@Test
	void jacksonMayWriteTheSharedPoolDetail() {
		new CspWebSocketsHealthRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(reflection().onType(CspWebSocketsHealthIndicator.SharedPool.class)).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsHealthIndicator.SharedPool.class, "saturation"))
			.accepts(this.hints);
	}

	@Test
	void nothingIsRegisteredWithoutBootsHealthSupport() {
		new CspWebSocketsHealthRuntimeHints().registerHints(this.hints,
				new FilteredClassLoader("org.springframework.boot.health."));
		assertThat(this.hints.reflection().typeHints()).isEmpty();
	}

}
