package dev.cspwebsocket.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * Tests for {@link EngineRuntimeHints}.
 *
 * @author csp-websocket-spring-boot
 */
class EngineRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(EngineRuntimeHints.class);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void threadIsVirtualMayBeLookedUpAndInvoked() {
		new EngineRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(reflection().onMethodInvocation(Thread.class, "isVirtual")).accepts(this.hints);
	}

	@Test
	void theOptionalClassesThatTheEngineLooksForByNameAreFoundWhenPresent() {
		new EngineRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(reflection().onType(reactor.core.scheduler.Schedulers.class)).accepts(this.hints);
		assertThat(reflection().onType(org.springframework.security.core.context.SecurityContextHolder.class))
			.accepts(this.hints);
	}

	@Test
	void absentOptionalClassesAreNotRegistered() {
		new EngineRuntimeHints().registerHints(this.hints,
				new FilteredClassLoader("reactor.", "org.springframework.security."));
		assertThat(reflection().onType(reactor.core.scheduler.Schedulers.class)).rejects(this.hints);
		assertThat(reflection().onType(org.springframework.security.core.context.SecurityContextHolder.class))
			.rejects(this.hints);
	}

}
