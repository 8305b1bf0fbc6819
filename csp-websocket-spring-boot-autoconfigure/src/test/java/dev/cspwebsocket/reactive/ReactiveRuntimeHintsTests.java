package dev.cspwebsocket.reactive;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * Tests for {@link ReactiveRuntimeHints}.
 *
 * @author csp-websocket-spring-boot
 */
class ReactiveRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ReactiveRuntimeHints.class);
	}

	@Test
	void springSecuritysReactiveContextHolderIsFoundByNameWhenPresent() {
		new ReactiveRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(reflection().onType(ReactiveSecurityContextHolder.class)).accepts(this.hints);
	}

	@Test
	void nothingIsRegisteredWithoutSpringSecurity() {
		new ReactiveRuntimeHints().registerHints(this.hints, new FilteredClassLoader("org.springframework.security."));
		assertThat(reflection().onType(ReactiveSecurityContextHolder.class)).rejects(this.hints);
	}

}
