package dev.cspwebsocket.testapp;

import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.TestServer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application behind Spring Security with the test servers, a controller and a static
 * file under {@code /csp/user/}, a controller that pushes to shared sockets, and a filter
 * that records the handshake's best-matching pattern. The same application runs on a
 * servlet container ({@link ServletTestParts}) or on WebFlux ({@link ReactiveTestParts}),
 * as the test classpath makes it.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ TestServer.class, EchoServer.class, SharedServer.class, ConsumingServer.class, FloodServer.class,
		SessionServer.class, TestApplication.PushController.class, ServletTestParts.class, ReactiveTestParts.class })
public class TestApplication {

	/**
	 * Run the application in a process of its own, as the cluster tests' killable node.
	 * @param args the application's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(TestApplication.class, args);
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
	OpenServers openServers(TestServer server, CspWebSockets sockets, ServerEvents events) {
		return new OpenServers(server, sockets, events);
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

	}

}
