package dev.cspwebsocket.servlet;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What the servlet adapter needs in a native image: the JDK proxy of {@code HttpSession}
 * that {@link ContainerTiedSession} hands out, and the session's methods that the proxy
 * calls reflectively; the containers' classes that the adapter looks for by name
 * (Tomcat's {@code WsSession}, Jetty's WebSocket container), since {@code Class.forName}
 * there finds only registered classes; and the constructor of the adapter's own Jetty
 * extension ({@link JettyFramesAfterClose}), which Jetty calls reflectively. Nothing
 * without the Servlet API. Names, not classes, so that it loads in a reactive application
 * too. Listed in {@code META-INF/spring/aot.factories}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ServletRuntimeHints implements RuntimeHintsRegistrar {

	private static final String HTTP_SESSION = "jakarta.servlet.http.HttpSession";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(HTTP_SESSION, classLoader)) {
			return;
		}
		TypeReference session = TypeReference.of(HTTP_SESSION);
		hints.proxies().registerJdkProxy(session);
		hints.reflection().registerType(session, MemberCategory.INVOKE_PUBLIC_METHODS);
		// The proxy answers equals, hashCode and toString through Object's methods.
		hints.reflection()
			.registerType(Object.class,
					(type) -> type.withMethod("equals", TypeReference.listOf(Object.class), ExecutableMode.INVOKE)
						.withMethod("hashCode", List.of(), ExecutableMode.INVOKE)
						.withMethod("toString", List.of(), ExecutableMode.INVOKE));
		hints.reflection().registerTypeIfPresent(classLoader, TomcatTransport.SESSION_CLASS);
		hints.reflection().registerTypeIfPresent(classLoader, JettyUpgrade.CONTAINER_CLASS);
		hints.reflection()
			.registerTypeIfPresent(classLoader, JettyUpgrade.EXTENSION_CLASS,
					MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
	}

}
