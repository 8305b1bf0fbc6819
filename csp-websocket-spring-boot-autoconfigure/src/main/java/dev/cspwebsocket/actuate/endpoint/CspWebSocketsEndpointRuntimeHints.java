package dev.cspwebsocket.actuate.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the {@code cspwebsockets} endpoint needs in a native image beyond what Boot
 * registers for its operations (their return types, for Jackson): Spring Security's
 * anonymous authentication, whose presence {@link CspWebSocketsEndpoint} checks by name,
 * since {@code Class.forName} there finds only registered classes: without it an
 * anonymous caller on WebFlux would see the values that {@code show-values} hides from
 * it. Listed in {@code META-INF/spring/aot.factories}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspWebSocketsEndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerTypeIfPresent(classLoader, CspWebSocketsEndpoint.ANONYMOUS_AUTHENTICATION);
	}

}
