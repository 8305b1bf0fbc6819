package dev.cspwebsocket.engine;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.ClassUtils;

/**
 * Carries the handshake's Spring Security authentication to the thread of a dedicated
 * server, which runs "in the security context of the hosting web session". Does nothing
 * when Spring Security is absent. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class HandshakeSecurityContext {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder",
			HandshakeSecurityContext.class.getClassLoader());

	private final @Nullable Object authentication;

	private HandshakeSecurityContext(@Nullable Object authentication) {
		this.authentication = authentication;
	}

	/** The authentication of the request on this thread, if any. */
	static HandshakeSecurityContext capture() {
		return new HandshakeSecurityContext(PRESENT ? SpringSecurity.authentication() : null);
	}

	/**
	 * Run {@code action} with a security context holding the handshake's authentication,
	 * cleared afterwards.
	 */
	void run(Runnable action) {
		if (this.authentication == null) {
			action.run();
			return;
		}
		SpringSecurity.set(this.authentication);
		try {
			action.run();
		}
		finally {
			SpringSecurity.clear();
		}
	}

	/** Loaded only when Spring Security is present. */
	private static final class SpringSecurity {

		static @Nullable Object authentication() {
			return SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		}

		static void set(Object authentication) {
			SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();
			// A context of its own: the session's may change under it.
			SecurityContext context = strategy.createEmptyContext();
			context.setAuthentication((Authentication) authentication);
			strategy.setContext(context);
		}

		static void clear() {
			SecurityContextHolder.getContextHolderStrategy().clearContext();
		}

	}

}
