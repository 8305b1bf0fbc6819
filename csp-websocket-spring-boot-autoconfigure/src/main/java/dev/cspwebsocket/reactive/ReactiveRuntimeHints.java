package dev.cspwebsocket.reactive;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the WebFlux adapter needs in a native image: Spring Security's reactive context
 * holder, whose presence {@link ReactiveSecurity} checks by name, since
 * {@code Class.forName} there finds only registered classes: without it a native image
 * would run the handshake without the user's authentication. Listed in
 * {@code META-INF/spring/aot.factories}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ReactiveRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection().registerTypeIfPresent(classLoader, ReactiveSecurity.CONTEXT_HOLDER);
	}

}
