package dev.cspwebsocket.benchmarks;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The server of the benchmarks, on one Tomcat (or Jetty, or WebFlux on Reactor Netty,
 * built with the {@code jetty} or {@code reactor-netty} profile): the baseline, a raw
 * Spring echo handler of the server's stack at {@code /raw/echo}, and the CSP servers at
 * {@code /csp/bench/...}.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootApplication
public class BenchmarkServer {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

	/** The baseline on a servlet container: a Spring {@code TextWebSocketHandler}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@EnableWebSocket
	static class ServletBaseline implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new RawEchoHandler(), "/raw/echo");
		}

	}

	/**
	 * The baseline on WebFlux: a WebFlux {@code WebSocketHandler}; and the benchmark
	 * controller, which waits for GCs and broadcasts, kept off Netty's event loops.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveBaseline implements WebFluxConfigurer {

		@Bean
		HandlerMapping rawEcho() {
			return new SimpleUrlHandlerMapping(Map.of("/raw/echo", new RawReactiveEchoHandler()), -1);
		}

		@Override
		public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
			configurer.setExecutor(new SimpleAsyncTaskExecutor("bench-"));
		}

	}

}
