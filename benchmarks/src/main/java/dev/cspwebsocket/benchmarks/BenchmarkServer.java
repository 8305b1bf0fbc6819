package dev.cspwebsocket.benchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
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

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkServer.class, args);
	}

}
