package dev.cspwebsocket.engine;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the engine needs in a native image: {@code Thread.isVirtual()}, which
 * {@link VirtualThreads} looks up through a method handle (the code is compiled for Java
 * 17), and the classes whose presence the engine checks by name, since
 * {@code Class.forName} there finds only registered classes: without them a native image
 * would take Reactor and Spring Security for absent. Listed in
 * {@code META-INF/spring/aot.factories}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class EngineRuntimeHints implements RuntimeHintsRegistrar {

	/** As {@link NonBlockingThreads} names it. */
	private static final String REACTOR_SCHEDULERS = "reactor.core.scheduler.Schedulers";

	/** As {@link HandshakeSecurityContext} names it. */
	private static final String SECURITY_CONTEXT_HOLDER = "org.springframework.security.core.context.SecurityContextHolder";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// By name: Java 17's Thread has no such method, and the hint is then ignored.
		hints.reflection()
			.registerType(Thread.class, (type) -> type.withMethod("isVirtual", List.of(), ExecutableMode.INVOKE));
		hints.reflection().registerTypeIfPresent(classLoader, REACTOR_SCHEDULERS);
		hints.reflection().registerTypeIfPresent(classLoader, SECURITY_CONTEXT_HOLDER);
	}

}
