package dev.cspwebsocket.servlet;

import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.proxies;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * Tests for {@link ServletRuntimeHints}: on the servlet containers, whose test classpaths
 * have the Servlet API.
 *
 * @author csp-websocket-spring-boot
 */
@Tag("servlet")
class ServletRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ServletRuntimeHints.class);
	}

	@Test
	void theTiedSessionsProxyAndTheSessionMethodsItCallsAreRegistered() throws NoSuchMethodException {
		new ServletRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(proxies().forInterfaces(HttpSession.class)).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(HttpSession.class, "getAttribute")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(HttpSession.class, "invalidate")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(Object.class.getMethod("toString"))).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(Object.class.getMethod("hashCode"))).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(Object.class.getMethod("equals", Object.class))).accepts(this.hints);
	}

	@Test
	void theContainersClassesThatTheAdapterLooksForByNameAreFoundWhenPresent() {
		ClassLoader classLoader = getClass().getClassLoader();
		new ServletRuntimeHints().registerHints(this.hints, classLoader);
		for (String name : new String[] { TomcatTransport.SESSION_CLASS, JettyUpgrade.CONTAINER_CLASS }) {
			assertThat(reflection().onType(TypeReference.of(name)).test(this.hints)).as(name)
				.isEqualTo(ClassUtils.isPresent(name, classLoader));
		}
	}

	@Test
	void theJettyExtensionThatJettyMakesReflectivelyIsRegisteredWhenJettyIsPresent() {
		ClassLoader classLoader = getClass().getClassLoader();
		new ServletRuntimeHints().registerHints(this.hints, classLoader);
		assertThat(reflection().onType(TypeReference.of(JettyUpgrade.EXTENSION_CLASS)).test(this.hints))
			.isEqualTo(ClassUtils.isPresent(JettyUpgrade.EXTENSION_CLASS, classLoader));
	}

	@Test
	void nothingIsRegisteredWithoutTheServletApi() {
		new ServletRuntimeHints().registerHints(this.hints, new FilteredClassLoader("jakarta.servlet."));
		assertThat(proxies().forInterfaces(HttpSession.class)).rejects(this.hints);
		assertThat(this.hints.reflection().typeHints()).isEmpty();
	}

}
