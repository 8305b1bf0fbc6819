package dev.cspwebsocket.actuate.endpoint;

import dev.cspwebsocket.WebSocketInfo;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.security.authentication.AnonymousAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * Tests for {@link CspWebSocketsEndpointRuntimeHints}, and for the hints that Boot
 * registers for the endpoint's operations, which the starter relies on.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketsEndpointRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(CspWebSocketsEndpointRuntimeHints.class);
	}

	@Test
	void springSecuritysAnonymousAuthenticationIsFoundByNameWhenPresent() {
		new CspWebSocketsEndpointRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(reflection().onType(AnonymousAuthenticationToken.class)).accepts(this.hints);
	}

	@Test
	void nothingIsRegisteredWithoutSpringSecurity() {
		new CspWebSocketsEndpointRuntimeHints().registerHints(this.hints,
				new FilteredClassLoader("org.springframework.security."));
		assertThat(this.hints.reflection().typeHints()).isEmpty();
	}

	@Test
	void bootRegistersTheOperationsAndWhatJacksonWritesOfTheirAnswers() {
		// What Spring's AOT processing does for an endpoint bean (@ReadOperation is
		// @Reflective): so the starter registers nothing for its answers.
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, CspWebSocketsEndpoint.class);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.class, "sockets")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.class, "socket")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.class, "endServer")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.SocketsReport.class, "summary"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.Summary.class, "byServerClass"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.PageDescriptor.class, "totalPages"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(CspWebSocketsEndpoint.SocketDescriptor.class, "sessionId"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(WebSocketInfo.Away.class, "since")).accepts(this.hints);
	}

}
