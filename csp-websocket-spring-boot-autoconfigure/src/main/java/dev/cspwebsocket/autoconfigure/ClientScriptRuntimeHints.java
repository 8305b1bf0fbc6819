package dev.cspwebsocket.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the JavaScript client needs in a native image: its files, which the
 * auto-configuration serves at {@code /csp-websocket/} from the classpath and which a
 * native image holds only when told. Listed in {@code META-INF/spring/aot.factories}.
 * Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ClientScriptRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/cspwebsocket/client/*");
	}

}
