package dev.cspwebsocket.test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketNotFoundException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * An application behind Spring Security with the test servers, a controller and a static
 * file under {@code /csp/user/}, a controller that pushes to shared sockets, and a filter
 * that records the handshake's best-matching pattern.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ EchoServer.class, SharedServer.class, ConsumingServer.class, FloodServer.class, SessionServer.class,
		TestApplication.HelloController.class, TestApplication.PushController.class })
public class TestApplication {

	/**
	 * Run the application in a process of its own, as the cluster tests' killable node.
	 * @param args the application's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(TestApplication.class, args);
	}

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

	@Bean
	ServerEvents serverEvents() {
		return new ServerEvents();
	}

	@Bean
	static ServerObjects serverObjects() {
		return new ServerObjects();
	}

	/** Counts the server objects made: one for each handshake that the registry takes. */
	public static final class ServerObjects implements BeanPostProcessor {

		private final AtomicInteger made = new AtomicInteger();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof CspWebSocket) {
				this.made.incrementAndGet();
			}
			return bean;
		}

		public int made() {
			return this.made.get();
		}

	}

	@Bean
	TestServer testServer(Environment environment) {
		return new TestServer(environment);
	}

	@Bean
	OpenServers openServers(TestServer server, CspWebSockets sockets, ServerEvents events) {
		return new OpenServers(server, sockets, events);
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

	/**
	 * Pushes a request body to a shared socket through the registry, from the request
	 * thread.
	 */
	@RestController
	static class PushController {

		private final CspWebSockets sockets;

		PushController(CspWebSockets sockets) {
			this.sockets = sockets;
		}

		@PostMapping("/push/{webSocketId}")
		String push(@PathVariable String webSocketId, @RequestBody String message) {
			this.sockets.openServer(webSocketId).write(message);
			return "pushed";
		}

		@ExceptionHandler(WebSocketNotFoundException.class)
		ResponseEntity<String> notFound(WebSocketNotFoundException ex) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ex.getMessage());
		}

	}

}
