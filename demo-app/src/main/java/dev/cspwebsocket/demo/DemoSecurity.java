package dev.cspwebsocket.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Handshakes are protected as pages are: the {@code secure} CSP application needs a
 * login, Actuator's endpoints but health and info and the chat's broadcast the ADMIN
 * role; everything else is open. An unauthenticated handshake (or status request) gets
 * 401 rather than the login page's redirect, which a WebSocket client cannot follow. On a
 * servlet container; {@link DemoReactiveSecurity} is the same on WebFlux.
 *
 * @author csp-websocket-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class DemoSecurity {

	@Bean
	SecurityFilterChain demoSecurityFilterChain(HttpSecurity http) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		return http
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(paths.matcher("/actuator/health/**"), paths.matcher("/actuator/info"))
				.permitAll()
				.requestMatchers(paths.matcher("/actuator/**"), paths.matcher("/chat/broadcast"))
				.hasRole("ADMIN")
				.requestMatchers(paths.matcher("/csp/secure/**"))
				.authenticated()
				.anyRequest()
				.permitAll())
			// The demo's own login page, which posts to /login.
			.formLogin((form) -> form.loginPage("/login.html").loginProcessingUrl("/login").permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/"))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
						paths.matcher("/csp/**"))
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
						paths.matcher("/actuator/**"))
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
						paths.matcher("/chat/**")))
			// Pages and scripts alike send the token from the XSRF-TOKEN cookie as the
			// X-XSRF-TOKEN header: another site's page cannot post here in the user's
			// name.
			.csrf((csrf) -> csrf.spa())
			.build();
	}

}
