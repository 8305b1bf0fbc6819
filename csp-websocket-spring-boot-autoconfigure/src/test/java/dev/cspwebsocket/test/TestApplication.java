package dev.cspwebsocket.test;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * An application with the echo server, a controller and a static file under
 * {@code /csp/user/}, and a filter that records the handshake's best-matching pattern.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ EchoServer.class, TestApplication.HelloController.class })
public class TestApplication {

	@Bean
	ServerEvents serverEvents() {
		return new ServerEvents();
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
	 * A controller under the CSP path, which the WebSocket mapping must leave alone.
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

	}

}
