package dev.cspwebsocket.reactive;

import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Carries the handshake's authentication from Spring Security's reactive context to the
 * thread that takes the handshake, where {@code onPreServer()} and a dedicated server's
 * thread find it in {@code SecurityContextHolder}, as on a servlet container. Does
 * nothing when Spring Security is absent. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ReactiveSecurity {

	/** The class that tells Spring Security: by name, as it is optional. */
	static final String CONTEXT_HOLDER = "org.springframework.security.core.context.ReactiveSecurityContextHolder";

	private static final boolean PRESENT = ClassUtils.isPresent(CONTEXT_HOLDER,
			ReactiveSecurity.class.getClassLoader());

	private ReactiveSecurity() {
	}

	/** The authentication of the exchange being handled, if any. */
	static Mono<Optional<Object>> authentication() {
		return PRESENT ? SpringSecurity.authentication() : Mono.just(Optional.empty());
	}

	/**
	 * The exchange's user, none for Spring Security's anonymous one, as a servlet
	 * request's {@code getUserPrincipal()} has it.
	 */
	static Mono<Optional<Principal>> principal(ServerWebExchange exchange) {
		Mono<Principal> principal = exchange.getPrincipal();
		if (PRESENT) {
			principal = principal.filter(SpringSecurity::isNamed);
		}
		return principal.map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	/** Run {@code action} with the authentication in {@code SecurityContextHolder}. */
	static <T> T runAs(Optional<Object> authentication, Supplier<T> action) {
		if (authentication.isEmpty()) {
			return action.get();
		}
		return SpringSecurity.runAs(authentication.get(), action);
	}

	/** Loaded only when Spring Security is present. */
	private static final class SpringSecurity {

		static Mono<Optional<Object>> authentication() {
			return ReactiveSecurityContextHolder.getContext()
				.map((context) -> Optional.<Object>ofNullable(context.getAuthentication()))
				.defaultIfEmpty(Optional.empty());
		}

		static boolean isNamed(Principal principal) {
			return !(principal instanceof AnonymousAuthenticationToken);
		}

		static <T> T runAs(Object authentication, Supplier<T> action) {
			SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();
			SecurityContext context = strategy.createEmptyContext();
			context.setAuthentication((Authentication) authentication);
			strategy.setContext(context);
			try {
				return action.get();
			}
			finally {
				strategy.clearContext();
			}
		}

	}

}
