package dev.cspwebsocket.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.ConnectionLimits;
import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketConfigurationException;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.HandshakePolicy;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.engine.CspWebSocketsEngine;
import dev.cspwebsocket.reactive.CspWebSocketReactiveHandlerMapping;
import dev.cspwebsocket.routing.CspApplications;
import dev.cspwebsocket.servlet.CspWebSocketHandlerMapping;
import dev.cspwebsocket.transport.CspHandshakes;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CspWebSocketAutoConfiguration}.
 *
 * @author csp-websocket-spring-boot
 */
@ExtendWith(OutputCaptureExtension.class)
class CspWebSocketAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CspWebSocketAutoConfiguration.class));

	@Test
	void registersTheHandlerMappingTheRegistryAndTheApplicationsInAServletWebApplication() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(CspWebSocketHandlerMapping.class)
				.hasSingleBean(CspHandshakes.class)
				.hasSingleBean(CspWebSockets.class)
				.hasSingleBean(CspApplications.class)
				.hasSingleBean(PerSocketServerScope.class)
				.hasSingleBean(CspWebSocketProperties.class);
			assertThat(context.getBean(CspWebSocketHandlerMapping.class).getOrder())
				.isEqualTo(CspWebSocketHandlerMapping.ORDER);
			CspApplications applications = context.getBean(CspApplications.class);
			assertThat(applications.names()).containsExactly(CspApplications.DEFAULT_APPLICATION);
			assertThat(applications.serverClasses(CspApplications.DEFAULT_APPLICATION)).isEmpty();
		});
	}

	@Test
	void backsOffOutsideAServletWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CspWebSocketAutoConfiguration.class))
			.withUserConfiguration(EchoServer.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CspWebSocketHandlerMapping.class)
				.doesNotHaveBean(CspWebSockets.class)
				.doesNotHaveBean(CspApplications.class)
				.doesNotHaveBean(PerSocketServerScope.class)
				.doesNotHaveBean(CspWebSocketProperties.class));
	}

	@Test
	void backsOffWhenTheJakartaWebSocketServerApiIsAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ServerContainer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CspWebSocketHandlerMapping.class)
				.doesNotHaveBean(CspWebSockets.class)
				.doesNotHaveBean(CspApplications.class)
				.doesNotHaveBean(PerSocketServerScope.class));
	}

	@Test
	void listensForTheEndsOfContainerAndSpringSessionSessions() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(HttpSessionEndListener.class)
			.hasSingleBean(SpringSessionEndListener.class));
	}

	@Test
	void worksWithoutSpringSessionAndSpringSecurity() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.session.", "org.springframework.security."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CspWebSocketHandlerMapping.class)
				.hasSingleBean(HttpSessionEndListener.class)
				.doesNotHaveBean(SpringSessionEndListener.class));
	}

	@Test
	void userDefinedCspWebSocketsWins() {
		this.contextRunner.withUserConfiguration(UserSocketsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CspWebSockets.class)
				.hasBean("userSockets")
				.doesNotHaveBean("cspWebSockets");
			assertThat(context).hasSingleBean(CspWebSocketHandlerMapping.class);
		});
	}

	@Test
	void userDefinedCspApplicationsWins() {
		this.contextRunner.withUserConfiguration(UserApplicationsConfiguration.class, EchoServer.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(CspApplications.class)
					.hasBean("userApplications")
					.doesNotHaveBean("cspApplications");
				assertThat(context.getBean(CspApplications.class).names()).containsExactly("custom");
				// The auto-configured mapping serves the user's applications.
				assertThat(handlerFor(context, "/csp/custom/MyApp.Echo.cls")).isNotNull();
				assertThat(handlerFor(context, "/csp/user/MyApp.Echo.cls")).isNull();
			});
	}

	@Test
	void userDefinedCspHandshakesWins() {
		this.contextRunner.withUserConfiguration(UserHandshakesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CspHandshakes.class)
				.hasBean("userHandshakes")
				.doesNotHaveBean("cspHandshakes");
			assertThat(context).hasSingleBean(CspWebSocketHandlerMapping.class);
		});
	}

	@Test
	void userDefinedCspWebSocketHandlerMappingWins() {
		this.contextRunner.withUserConfiguration(UserHandlerMappingConfiguration.class, EchoServer.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(CspWebSocketHandlerMapping.class)
					.hasBean("userHandlerMapping")
					.doesNotHaveBean("cspWebSocketHandlerMapping");
				assertThat(handlerFor(context, "/custom/user/MyApp.Echo.cls")).isNotNull();
				assertThat(handlerFor(context, "/csp/user/MyApp.Echo.cls")).isNull();
			});
	}

	@Test
	void propertiesBind() {
		this.contextRunner.withUserConfiguration(EchoServer.class, AdminConsoleServer.class)
			.withPropertyValues("csp.websocket.path-prefix=/ws",
					"csp.websocket.applications.admin.servers=MyApp.Admin.*", "csp.websocket.max-text-message-size=2MB",
					"csp.websocket.max-binary-message-size=3MB", "csp.websocket.message-buffer-size=4KB",
					"csp.websocket.inbound-buffer-size=128KB", "csp.websocket.allowed-origins=https://example.com",
					"csp.websocket.dedicated.virtual-threads=false", "csp.websocket.send-buffer-size=1MB",
					"csp.websocket.send-time-limit=3s", "csp.websocket.shared.pool-size=4",
					"csp.websocket.shared.max-queued-messages=50", "csp.websocket.shared.max-queued-bytes=2MB",
					"csp.websocket.shared.idle-timeout=5m",
					"csp.websocket.allowed-origin-patterns=https://*.example.com",
					"csp.websocket.permessage-deflate=true", "csp.websocket.session.create=false",
					"csp.websocket.session.keep-alive=false", "csp.websocket.session.check-interval=30s",
					"csp.websocket.ping-interval=0", "csp.websocket.pong-timeout=3s", "csp.websocket.limits.total=100",
					"csp.websocket.limits.per-application=50", "csp.websocket.limits.per-server-class=20",
					"csp.websocket.limits.per-session=-1")
			.run((context) -> {
				CspWebSocketProperties properties = context.getBean(CspWebSocketProperties.class);
				assertThat(properties.getPathPrefix()).isEqualTo("/ws");
				assertThat(properties.getApplications()).containsOnlyKeys("admin");
				assertThat(properties.getApplications().get("admin").getServers()).containsExactly("MyApp.Admin.*");
				assertThat(properties.getMaxTextMessageSize()).isEqualTo(DataSize.ofMegabytes(2));
				assertThat(properties.getMaxBinaryMessageSize()).isEqualTo(DataSize.ofMegabytes(3));
				assertThat(properties.getMessageBufferSize()).isEqualTo(DataSize.ofKilobytes(4));
				assertThat(properties.getInboundBufferSize()).isEqualTo(DataSize.ofKilobytes(128));
				assertThat(properties.getAllowedOrigins()).containsExactly("https://example.com");
				assertThat(properties.getDedicated().isVirtualThreads()).isFalse();
				assertThat(properties.getShared().getPoolSize()).isEqualTo(4);
				assertThat(properties.toLimits()).isEqualTo(new SocketLimits(2 * 1024 * 1024, 3 * 1024 * 1024, 4 * 1024,
						128 * 1024, 1024 * 1024, Duration.ofSeconds(3), 50, 2 * 1024 * 1024, Duration.ofMinutes(5),
						Duration.ofSeconds(30), 1024 * 1024));
				assertThat(properties.toHandshakePolicy()).isEqualTo(new HandshakePolicy(List.of("https://example.com"),
						List.of("https://*.example.com"), true, false));
				assertThat(properties.getSession().isKeepAlive()).isFalse();
				assertThat(properties.getSession().getCheckInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.toHeartbeat()).isEqualTo(new Heartbeat(Duration.ZERO, Duration.ofSeconds(3)));
				assertThat(properties.getLimits().toConnectionLimits())
					.isEqualTo(new ConnectionLimits(100, 50, 20, -1));
				CspApplications applications = context.getBean(CspApplications.class);
				assertThat(applications.names()).containsExactly("admin");
				assertThat(applications.serverClasses("admin")).containsOnlyKeys("MyApp.Admin.Console");
				assertThat(handlerFor(context, "/ws/admin/MyApp.Admin.Console.cls")).isNotNull();
				assertThat(handlerFor(context, "/ws/admin/MyApp.Echo.cls")).isNull();
				assertThat(handlerFor(context, "/csp/admin/MyApp.Admin.Console.cls")).isNull();
			});
	}

	@Test
	void propertiesHaveDefaults() {
		this.contextRunner.run((context) -> {
			CspWebSocketProperties properties = context.getBean(CspWebSocketProperties.class);
			assertThat(properties.getPathPrefix()).isEqualTo("/csp");
			assertThat(properties.getApplications()).isEmpty();
			assertThat(properties.toLimits()).isEqualTo(SocketLimits.DEFAULTS);
			assertThat(properties.toHandshakePolicy()).isEqualTo(HandshakePolicy.DEFAULTS);
			assertThat(properties.toHeartbeat()).isEqualTo(Heartbeat.DEFAULTS);
			assertThat(properties.getLimits().toConnectionLimits()).isEqualTo(ConnectionLimits.DEFAULTS);
			assertThat(properties.getSession().isKeepAlive()).isTrue();
			assertThat(properties.getSession().getCheckInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.getDedicated().isVirtualThreads()).isTrue();
		});
	}

	@Test
	void cspWebSocketBeanFromUserConfigurationIsExposedByTheUserApplication() {
		this.contextRunner.withUserConfiguration(EchoServer.class).run((context) -> {
			CspApplications applications = context.getBean(CspApplications.class);
			assertThat(applications.names()).containsExactly("user");
			assertThat(applications.serverClasses("user")).containsOnlyKeys("MyApp.Echo");
			assertThat(applications.find("user", "MyApp.Echo").type()).isEqualTo(EchoServer.class);
			assertThat(applications.find("user", "MyApp.Echo").subprotocols()).containsExactly("echo.v1");
			HandlerExecutionChain chain = handlerFor(context, "/csp/user/MyApp.Echo.cls");
			assertThat(chain).isNotNull();
			assertThat(chain.getHandler()).isInstanceOf(HttpRequestHandler.class);
			assertThat(handlerFor(context, "/csp/user/MyApp.Other.cls")).isNull();
			assertThat(handlerFor(context, "/csp/other/MyApp.Echo.cls")).isNull();
			assertThat(handlerFor(context, "/csp/user/MyApp.Echo")).isNull();
			// One server object per socket.
			assertThat(context.getBean(EchoServer.class)).isNotSameAs(context.getBean(EchoServer.class));
		});
	}

	@Test
	void everyMappedServerUrlIsLoggedAtStartUpOneLineEach(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(EchoServer.class, AdminConsoleServer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output)
				.containsPattern(
						"INFO .* Mapped CSP WebSocket server MyApp.Echo \\(bean '[^']+'\\) to /csp/user/MyApp.Echo.cls")
				.containsPattern("INFO .* Mapped CSP WebSocket server MyApp.Admin.Console \\(bean '[^']+'\\) to "
						+ "/csp/user/MyApp.Admin.Console.cls");
		});
	}

	@Test
	void noServerToMapIsLoggedWithWhatServersNeed(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("No CSP WebSocket servers to map").contains("a server class needs @Component");
		});
	}

	@Test
	void misconfiguredExposureFailsTheStartUpNamingTheMissingServer() {
		this.contextRunner.withUserConfiguration(EchoServer.class)
			.withPropertyValues("csp.websocket.applications.user.servers=No.Such")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(CspWebSocketConfigurationException.class)
				.hasMessageContaining("'No.Such'")
				.hasMessageContaining("MyApp.Echo"));
	}

	private static HandlerExecutionChain handlerFor(ApplicationContext context, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		ServletRequestPathUtils.parseAndCache(request);
		return context.getBean(CspWebSocketHandlerMapping.class).getHandler(request);
	}

	@Component
	@CspClass(value = "MyApp.Echo", subprotocols = "echo.v1")
	static class EchoServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@Component
	@CspClass("MyApp.Admin.Console")
	static class AdminConsoleServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSocketsConfiguration {

		@Bean
		CspWebSocketsEngine userSockets() {
			return new CspWebSocketsEngine(false, 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserApplicationsConfiguration {

		@Bean
		CspApplications userApplications(ConfigurableListableBeanFactory beanFactory) {
			return CspApplications.of(CspApplications.serverClasses(beanFactory), Map.of("custom", List.of()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandshakesConfiguration {

		@Bean
		CspHandshakes userHandshakes(CspWebSocketsEngine sockets, ConfigurableListableBeanFactory beanFactory) {
			return sockets.handshakes(beanFactory, SocketLimits.DEFAULTS, HandshakePolicy.DEFAULTS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandlerMappingConfiguration {

		@Bean
		CspWebSocketHandlerMapping userHandlerMapping(CspApplications applications, CspHandshakes handshakes) {
			return new CspWebSocketHandlerMapping("/custom", applications, handshakes);
		}

	}

	/**
	 * In a WebFlux application: the reactive mapping, and none of the servlet parts;
	 * nothing on a reactive server other than Reactor Netty.
	 */
	@Nested
	class InAReactiveApplication {

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

}
