package dev.cspwebsocket.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

/**
 * Tests for {@link ClientScriptRuntimeHints}.
 *
 * @author csp-websocket-spring-boot
 */
class ClientScriptRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ClientScriptRuntimeHints.class);
	}

	@Test
	void theClientsFilesThatTheStarterServesAreRegistered() {
		new ClientScriptRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		for (String file : new String[] { "client.js", "client.d.ts" }) {
			String path = "dev/cspwebsocket/client/" + file;
			assertThat(new ClassPathResource(path).exists()).as(path).isTrue();
			assertThat(resource().forResource(path)).accepts(this.hints);
		}
	}

}
