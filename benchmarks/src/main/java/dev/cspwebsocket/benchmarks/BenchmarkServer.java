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
 * built with the {@code jetty} or {@code reactor-netty} profile): the baselines, raw
 * Spring handlers of the server's stack, one echoing at {@code /raw/echo} and one taking
 * broadcasts at {@code /raw/target}, and the CSP servers at {@code /csp/bench/...}.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootApplication
public class BenchmarkServer {

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

	/** The baselines on a servlet container: Spring {@code TextWebSocketHandler}s. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@EnableWebSocket
	static class ServletBaseline implements WebSocketConfigurer {

		private final RawTargetHandler targets = new RawTargetHandler();

		@Bean
		RawTargets rawTargets() {
			return this.targets;
		}

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new RawEchoHandler(), "/raw/echo");
			registry.addHandler(this.targets, "/raw/target");
		}

	}

	/**
	 * The baselines on WebFlux: WebFlux {@code WebSocketHandler}s; and the benchmark
	 * controller, which waits for GCs and broadcasts, kept off Netty's event loops.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveBaseline implements WebFluxConfigurer {

		private final RawReactiveTargetHandler targets = new RawReactiveTargetHandler();

		@Bean
		RawTargets rawTargets() {
			return this.targets;
		}

		@Bean
		HandlerMapping rawHandlers() {
			return new SimpleUrlHandlerMapping(
					Map.of("/raw/echo", new RawReactiveEchoHandler(), "/raw/target", this.targets), -1);
		}

		@Override
		public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
			configurer.setExecutor(new SimpleAsyncTaskExecutor("bench-"));
		}

	}

}
