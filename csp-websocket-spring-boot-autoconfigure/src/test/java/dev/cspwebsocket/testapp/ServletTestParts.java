package dev.cspwebsocket.testapp;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The servlet parts of the {@link TestApplication}: Spring Security's filter chain, a
 * filter that injects a container's failures, one that records the handshake's
 * best-matching pattern, and controllers under the CSP path and for the HTTP session.
 *
 * @author csp-websocket-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ServletTestParts.HelloController.class)
class ServletTestParts {

	/**
	 * Spring Security in front of the handshakes: the {@code secure} application needs
	 * HTTP Basic authentication, everything else is open.
	 */
	@Bean
	SecurityFilterChain testSecurity(HttpSecurity http) {
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/csp/secure/**").authenticated().anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			// CORS from Spring MVC's configuration: its filter looks handlers up too.
			.cors(Customizer.withDefaults())
			.csrf(CsrfConfigurer::disable)
			.build();
	}

	/**
	 * A filter that injects a container's failure into a handshake when asked to:
	 * {@code fault=session}, a request that cannot make its HTTP session (as once its
	 * response is committed); {@code fault=upgrade}, a servlet context without the
	 * container's WebSocket support, so that the upgrade fails after
	 * {@code onPreServer()}.
	 */
	@Bean
	OncePerRequestFilter faultInjector() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				String fault = request.getParameter("fault");
				chain.doFilter((fault != null) ? new FaultyRequest(request, fault) : request, response);
			}

		};
	}

	private static final class FaultyRequest extends HttpServletRequestWrapper {

		private final String fault;

		FaultyRequest(HttpServletRequest request, String fault) {
			super(request);
			this.fault = fault;
		}

		@Override
		public HttpSession getSession(boolean create) {
			if (this.fault.equals("session") && create) {
				throw new IllegalStateException("Cannot create a session after the response has been committed");
			}
			return super.getSession(create);
		}

		@Override
		public ServletContext getServletContext() {
			ServletContext context = super.getServletContext();
			if (!this.fault.equals("upgrade")) {
				return context;
			}
			// The same context, without the attributes that hold the WebSocket support.
			return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(),
					new Class<?>[] { ServletContext.class }, (proxy, method, args) -> {
						if (method.getName().equals("getAttribute")
								&& ((String) args[0]).toLowerCase(Locale.ROOT).contains("websocket")) {
							return null;
						}
						try {
							return method.invoke(context, args);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

	@Bean
	OncePerRequestFilter patternRecorder(ServerEvents events) {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				chain.doFilter(request, response);
				String tag = request.getParameter("tag");
				if (tag != null && events.has(tag)) {
					events.of(tag).bestMatchingPattern = (String) request
						.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
				}
			}

		};
	}

	/**
	 * A controller under the CSP path, which the WebSocket mapping must leave alone, and
	 * one that shows and changes the HTTP session.
	 */
	@RestController
	static class HelloController {

		@GetMapping("/csp/user/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/session")
		String session(HttpSession session) {
			return session.getId();
		}

		@GetMapping("/session/attributes/{name}")
		String attribute(HttpSession session, @PathVariable String name) {
			return String.valueOf(session.getAttribute(name));
		}

		@PutMapping("/session/attributes/{name}")
		void setAttribute(HttpSession session, @PathVariable String name, @RequestBody String value) {
			session.setAttribute(name, value);
		}

		@PutMapping("/session/timeout")
		void setTimeout(HttpSession session, @RequestBody String seconds) {
			session.setMaxInactiveInterval(Integer.parseInt(seconds));
		}

		@PostMapping("/session/id")
		String changeId(HttpServletRequest request) {
			return request.changeSessionId();
		}

		@DeleteMapping("/session")
		void invalidate(HttpSession session) {
			session.invalidate();
		}

	}

}
