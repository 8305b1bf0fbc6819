package dev.cspwebsocket.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo: the IRIS guide's echo server at {@code /csp/user/MyApp.MyWebSocketServer.cls}
 * and its browser client at {@code /}.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
