package dev.cspwebsocket.testapp;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The WebFlux parts of the {@link TestApplication}, as {@link ServletTestParts} are on a
 * servlet container: Spring Security's filter chain, a filter that records the
 * handshake's best-matching pattern, and controllers under the CSP path and for the
 * session.
 *
 * @author csp-websocket-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@Import(ReactiveTestParts.HelloController.class)
class ReactiveTestParts {

	/**
	 * Spring Security in front of the handshakes: the {@code secure} application needs
	 * HTTP Basic authentication, everything else is open.
	 */
	@Bean
	SecurityWebFilterChain testSecurity(ServerHttpSecurity http) {
		return http
			.authorizeExchange(
					(exchanges) -> exchanges.pathMatchers("/csp/secure/**").authenticated().anyExchange().permitAll())
			.httpBasic(Customizer.withDefaults())
			// As on a servlet container, where the anonymous user is the default.
			.anonymous(Customizer.withDefaults())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	/**
	 * WebFlux's session store, with room for the sessions of the suite's anonymous
	 * handshakes (a session each, 10,000 at most by default).
	 */
	@Bean
	WebSessionManager webSessionManager() {
		InMemoryWebSessionStore store = new InMemoryWebSessionStore();
		store.setMaxSessions(1_000_000);
		DefaultWebSessionManager manager = new DefaultWebSessionManager();
		manager.setSessionStore(store);
		return manager;
	}

	@Bean
	WebFilter patternRecorder(ServerEvents events) {
		return (exchange, chain) -> {
			String tag = exchange.getRequest().getQueryParams().getFirst("tag");
			if (tag != null) {
				// The handshake's answer is committed once the mapping has chosen and the
				// server's onPreServer() has run.
				exchange.getResponse().beforeCommit(() -> {
					Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
					if (events.has(tag)) {
						events.of(tag).bestMatchingPattern = (pattern != null) ? pattern.toString() : null;
					}
					return Mono.empty();
				});
			}
			return chain.filter(exchange);
		};
	}

	/**
	 * A controller under the CSP path, which the WebSocket mapping must leave alone, and
	 * one that shows and changes the session.
	 */
	@RestController
	static class HelloController {

		@GetMapping("/csp/user/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/session")
		String session(WebSession session) {
			session.start();
			return session.getId();
		}

		@GetMapping("/session/attributes/{name}")
		String attribute(WebSession session, @PathVariable String name) {
			return String.valueOf((Object) session.getAttribute(name));
		}

		@PutMapping("/session/attributes/{name}")
		void setAttribute(WebSession session, @PathVariable String name, @RequestBody String value) {
			session.getAttributes().put(name, value);
		}

		@PutMapping("/session/timeout")
		void setTimeout(WebSession session, @RequestBody String seconds) {
			session.setMaxIdleTime(Duration.ofSeconds(Long.parseLong(seconds)));
		}

		@PostMapping("/session/id")
		Mono<String> changeId(WebSession session) {
			return session.changeSessionId().then(Mono.fromSupplier(session::getId));
		}

		@DeleteMapping("/session")
		Mono<Void> invalidate(WebSession session) {
			return session.invalidate();
		}

	}

}
