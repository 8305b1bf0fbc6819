package dev.cspwebsocket.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.engine.CspWebSocketsEngine;
import dev.cspwebsocket.observation.HandshakeObservationConvention;
import dev.cspwebsocket.observation.SocketObservationConvention;
import dev.cspwebsocket.reactive.CspWebSocketReactiveHandlerMapping;
import dev.cspwebsocket.routing.CspApplications;
import dev.cspwebsocket.servlet.CspWebSocketHandlerMapping;
import dev.cspwebsocket.servlet.UpgradedRequestFilter;
import dev.cspwebsocket.transport.CspHandshakes;
import io.micrometer.observation.ObservationRegistry;
import jakarta.websocket.server.ServerContainer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.events.SessionDestroyedEvent;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration for CSP WebSocket servers: every {@code CspWebSocket} bean answers
 * at {@code /csp/{application}/{ClassName}.cls}, in a servlet web application (Tomcat,
 * Jetty) or a reactive one (WebFlux on Reactor Netty), as the application type says.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfiguration
@Conditional(OnCspWebSocketServer.class)
@EnableConfigurationProperties(CspWebSocketProperties.class)
public final class CspWebSocketAutoConfiguration {

	private static final String CLIENT_ENABLED = "csp.websocket.client.enabled";

	/**
	 * Where the application's pages load the JavaScript client: /csp-websocket/client.js.
	 */
	private static final String CLIENT_PATH = "/csp-websocket/**";

	private static final String CLIENT_LOCATION = "classpath:/dev/cspwebsocket/client/";

	@Bean
	static PerSocketServerScope cspPerSocketServerScope() {
		return new PerSocketServerScope();
	}

	@Bean
	@ConditionalOnMissingBean
	CspApplications cspApplications(ConfigurableListableBeanFactory beanFactory, CspWebSocketProperties properties) {
		Map<String, List<String>> exposure = new LinkedHashMap<>();
		properties.getApplications().forEach((name, application) -> exposure.put(name, application.getServers()));
		return CspApplications.of(CspApplications.serverClasses(beanFactory), exposure);
	}

	@Bean
	@ConditionalOnMissingBean
	CspWebSocketsEngine cspWebSockets(CspWebSocketProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<HandshakeObservationConvention> handshakeConvention,
			ObjectProvider<SocketObservationConvention> socketConvention) {
		CspWebSocketsEngine sockets = new CspWebSocketsEngine(properties.getDedicated().isVirtualThreads(),
				properties.getShared().getPoolSize());
		observationRegistry.ifAvailable(sockets::setObservationRegistry);
		sockets.setHandshakeObservationConvention(handshakeConvention.getIfAvailable());
		sockets.setSocketObservationConvention(socketConvention.getIfAvailable());
		sockets.setConnectionLimits(properties.getLimits().toConnectionLimits());
		sockets.setHeartbeat(properties.toHeartbeat());
		sockets.setSessionCheckInterval(properties.getSession().getCheckInterval());
		sockets.setSessionKeepAlive(properties.getSession().isKeepAlive());
		String nodeId = properties.getCluster().getNodeId();
		if (nodeId != null) {
			sockets.setNodeId(nodeId);
		}
		return sockets;
	}

	@Bean
	@ConditionalOnMissingBean
	CspHandshakes cspHandshakes(CspWebSocketProperties properties, CspWebSocketsEngine sockets,
			ConfigurableListableBeanFactory beanFactory) {
		return sockets.handshakes(beanFactory, properties.toLimits(), properties.toHandshakePolicy());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass({ DispatcherServlet.class, ServerContainer.class })
	static class ServletConfiguration {

		@Bean
		HttpSessionEndListener cspHttpSessionEndListener(CspWebSockets sockets) {
			return new HttpSessionEndListener(sockets);
		}

		@Bean
		FilterRegistrationBean<UpgradedRequestFilter> cspUpgradedRequestFilter(CspWebSocketProperties properties) {
			FilterRegistrationBean<UpgradedRequestFilter> registration = new FilterRegistrationBean<>(
					new UpgradedRequestFilter());
			registration.setOrder(UpgradedRequestFilter.ORDER);
			registration.addUrlPatterns(properties.getPathPrefix() + "/*");
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean
		CspWebSocketHandlerMapping cspWebSocketHandlerMapping(CspWebSocketProperties properties,
				CspApplications applications, CspHandshakes handshakes) {
			return new CspWebSocketHandlerMapping(properties.getPathPrefix(), applications, handshakes);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = CLIENT_ENABLED, matchIfMissing = true)
		static class ClientScriptConfiguration implements WebMvcConfigurer {

			@Override
			public void addResourceHandlers(ResourceHandlerRegistry registry) {
				registry.addResourceHandler(CLIENT_PATH).addResourceLocations(CLIENT_LOCATION);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(SessionDestroyedEvent.class)
		static class SpringSessionConfiguration {

			@Bean
			SpringSessionEndListener cspSpringSessionEndListener(CspWebSockets sockets) {
				return new SpringSessionEndListener(sockets);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass({ DispatcherHandler.class, HttpServer.class })
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CspWebSocketReactiveHandlerMapping cspWebSocketReactiveHandlerMapping(CspWebSocketProperties properties,
				CspApplications applications, CspHandshakes handshakes, ObjectProvider<WebSessionManager> sessions) {
			// WebFlux's session manager holds the store the sockets' session ties ask.
			WebSessionManager manager = sessions.getIfAvailable();
			return new CspWebSocketReactiveHandlerMapping(properties.getPathPrefix(), applications, handshakes,
					(manager instanceof DefaultWebSessionManager defaults) ? defaults.getSessionStore() : null);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = CLIENT_ENABLED, matchIfMissing = true)
		static class ClientScriptConfiguration implements WebFluxConfigurer {

			@Override
			public void addResourceHandlers(org.springframework.web.reactive.config.ResourceHandlerRegistry registry) {
				registry.addResourceHandler(CLIENT_PATH).addResourceLocations(CLIENT_LOCATION);
			}

		}

	}

}
