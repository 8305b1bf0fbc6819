package dev.cspwebsocket.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;

/**
 * A web application on a server the starter has an adapter for: a servlet one with Spring
 * MVC and the Jakarta WebSocket server API (Tomcat, Jetty), or a reactive one with
 * WebFlux on Reactor Netty.
 *
 * @author csp-websocket-spring-boot
 */
final class OnCspWebSocketServer extends AnyNestedCondition {

	OnCspWebSocketServer() {
		super(ConfigurationPhase.PARSE_CONFIGURATION);
	}

	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(
			name = { "org.springframework.web.servlet.DispatcherServlet", "jakarta.websocket.server.ServerContainer" })
	static final class Servlet {

	}

	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(
			name = { "org.springframework.web.reactive.DispatcherHandler", "reactor.netty.http.server.HttpServer" })
	static final class Reactive {

	}

}
