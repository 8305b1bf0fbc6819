package dev.cspwebsocket.benchmarks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The server of the benchmarks, on one Tomcat (or Jetty, built with the {@code jetty}
 * profile): the baseline, a raw Spring {@code TextWebSocketHandler} echo at
 * {@code /raw/echo}, and the CSP servers at {@code /csp/bench/...}.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootApplication
@EnableWebSocket
public class BenchmarkServer implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new RawEchoHandler(), "/raw/echo");
	}

	/** Tomcat's lean configuration; on Tomcat only. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.connector.Connector")
	static class Lean {

		/**
		 * The buffers Tomcat gives each connection for reading and writing, 8 KB each by
		 * default; {@code bench.socket-buffer-size} sets both, for the lean
		 * configuration.
		 */
		@Bean
		@ConditionalOnProperty("bench.socket-buffer-size")
		TomcatConnectorCustomizer socketBuffers(@Value("${bench.socket-buffer-size}") DataSize size) {
			return (connector) -> {
				connector.setProperty("socket.appReadBufSize", String.valueOf(size.toBytes()));
				connector.setProperty("socket.appWriteBufSize", String.valueOf(size.toBytes()));
			};
		}

	}

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

}
