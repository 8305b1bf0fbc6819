package dev.cspwebsocket.reactive;

import dev.cspwebsocket.routing.CspApplications;
import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.transport.CspHandshakes;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.session.DefaultWebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration in a WebFlux application: the reactive mapping, and none of the
 * servlet parts; nothing on a reactive server other than Reactor Netty.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketReactiveAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CspWebSocketAutoConfiguration.class))
		.withUserConfiguration(Servers.class);

	@Test
	void aReactiveApplicationGetsTheReactiveMappingBeforeRequestMappings() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CspWebSocketReactiveHandlerMapping.class)
				.hasSingleBean(CspHandshakes.class)
				.doesNotHaveBean("cspWebSocketHandlerMapping")
				.doesNotHaveBean("cspHttpSessionEndListener");
			assertThat(context.getBean(CspWebSocketReactiveHandlerMapping.class).getOrder())
				.isEqualTo(CspWebSocketReactiveHandlerMapping.ORDER)
				.isNegative();
		});
	}

	@Test
	void backsOffOnAReactiveServerOtherThanReactorNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpServer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CspWebSockets.class)
				.doesNotHaveBean(CspWebSocketReactiveHandlerMapping.class));
	}

	@Test
	void theSessionManagersStoreIsWhereSessionTiesLook() {
		DefaultWebSessionManager sessions = new DefaultWebSessionManager();
		this.runner.withBean("webSessionManager", DefaultWebSessionManager.class, () -> sessions)
			.run((context) -> assertThat(context).hasSingleBean(CspWebSocketReactiveHandlerMapping.class));
	}

	@Test
	void aUserDefinedReactiveMappingWins() {
		this.runner.withUserConfiguration(OwnMapping.class).run((context) -> {
			assertThat(context).hasSingleBean(CspWebSocketReactiveHandlerMapping.class);
			assertThat(context.getBean(CspWebSocketReactiveHandlerMapping.class))
				.isSameAs(context.getBean(OwnMapping.class).mapping);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Servers {

		@Bean
		Clock clock() {
			return new Clock();
		}

	}

	@CspClass("Test.Clock")
	static class Clock extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMapping {

		CspWebSocketReactiveHandlerMapping mapping;

		@Bean
		CspWebSocketReactiveHandlerMapping ownMapping(CspApplications applications, CspHandshakes handshakes) {
			this.mapping = new CspWebSocketReactiveHandlerMapping("/own", applications, handshakes, null);
			return this.mapping;
		}

	}

}
