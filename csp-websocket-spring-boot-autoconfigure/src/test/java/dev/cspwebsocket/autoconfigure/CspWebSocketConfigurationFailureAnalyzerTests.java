package dev.cspwebsocket.autoconfigure;

import java.util.Map;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A configuration of CSP servers that cannot start fails a real application's start-up
 * the way Spring Boot reports its own: what is wrong and what to do, not a stack trace.
 *
 * @author csp-websocket-spring-boot
 */
@ExtendWith(OutputCaptureExtension.class)
class CspWebSocketConfigurationFailureAnalyzerTests {

	@Test
	void twoServersWithOneCspClassNameFailTheStartUpSayingWhichAndWhatToDo(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ClashingServers.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setDefaultProperties(Map.of("server.port", "0", "spring.main.banner-mode", "off"));
		assertThatThrownBy(application::run).hasRootCauseInstanceOf(CspWebSocketConfigurationException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern("Beans '[^']*FirstEcho' \\([^)]*\\) and '[^']*SecondEcho' \\([^)]*\\) both have CSP class "
					+ "name 'MyApp.Echo'")
			.contains("Action:")
			.contains("Give one of them another name with @CspClass(\"...\"): each URL reaches one server");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ FirstEcho.class, SecondEcho.class })
	static class ClashingServers {

	}

	@CspClass("MyApp.Echo")
	static class FirstEcho extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@CspClass("MyApp.Echo")
	static class SecondEcho extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

}
