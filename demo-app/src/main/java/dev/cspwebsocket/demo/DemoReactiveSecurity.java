package dev.cspwebsocket.demo;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.WebFilter;

/**
 * {@link DemoSecurity}'s rules on WebFlux: the {@code secure} CSP application needs a
 * login, Actuator's endpoints but health and info and the chat's broadcast the ADMIN
 * role, everything else is open; an unauthenticated handshake or status request gets 401,
 * other pages the login page.
 *
 * @author csp-websocket-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class DemoReactiveSecurity {

	@Bean
	SecurityWebFilterChain demoSecurityWebFilterChain(ServerHttpSecurity http) {
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegateEntry(ServerWebExchangeMatchers.pathMatchers("/csp/**", "/actuator/**", "/chat/**"),
						new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)));
		entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint("/login.html"));
		RedirectServerLogoutSuccessHandler loggedOut = new RedirectServerLogoutSuccessHandler();
		loggedOut.setLogoutSuccessUrl(URI.create("/"));
		return http
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health/**", "/actuator/info")
				.permitAll()
				.pathMatchers("/actuator/**", "/chat/broadcast")
				.hasRole("ADMIN")
				.pathMatchers("/csp/secure/**")
				.authenticated()
				.anyExchange()
				.permitAll())
			// The demo's own login page, which posts to /login.
			.formLogin((form) -> form
				.requiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/login"))
				.loginPage("/login.html"))
			.logout((logout) -> logout.logoutSuccessHandler(loggedOut))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			// Pages and scripts alike send the token from the XSRF-TOKEN cookie as the
			// X-XSRF-TOKEN header: another site's page cannot post here in the user's
			// name.
			.csrf((csrf) -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler()))
			.build();
	}

	/** WebFlux writes the token's cookie only once something asks for the token. */
	@Bean
	WebFilter csrfCookie() {
		return (exchange, chain) -> {
			Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
			return (token != null) ? token.then(chain.filter(exchange)) : chain.filter(exchange);
		};
	}

}
