package dev.cspwebsocket.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application with one CSP server, behind Spring Security's defaults (HTTP Basic, the
 * user of the tests' {@code application.properties}): what
 * {@link AotModeIntegrationTests} runs through AOT processing and then starts from the
 * generated code.
 *
 * @author csp-websocket-spring-boot
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AotEchoServer.class)
public class AotApplication {

	/**
	 * Run the application: AOT processing calls this too, and stops it before it serves.
	 * @param args the application's arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(AotApplication.class, args);
	}

}
