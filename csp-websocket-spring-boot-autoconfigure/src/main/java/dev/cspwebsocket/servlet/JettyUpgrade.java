package dev.cspwebsocket.servlet;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.transport.HandshakeOutcome;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

import org.springframework.util.Assert;

/**
 * The upgrade through Jetty's own WebSocket container: the socket's
 * {@link JettyTransport} is the endpoint, with the subprotocol the engine chose, no
 * extension that the client offered unless {@code permessage-deflate} is allowed, and the
 * starter's own {@link JettyFramesAfterClose}, registered with the servlet context's
 * WebSocket components when this is made, before the server takes connections. Loaded
 * only when Jetty's WebSocket server is present. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class JettyUpgrade implements ServletUpgrade {

	/** The class of Jetty's container, which must be present to load this one. */
	static final String CONTAINER_CLASS = "org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer";

	/**
	 * The class of the starter's own extension, which Jetty makes reflectively; loadable
	 * only with Jetty's WebSocket classes.
	 */
	static final String EXTENSION_CLASS = "dev.cspwebsocket.servlet.JettyFramesAfterClose";

	static boolean isAvailable(ServletContext servletContext) {
		return JettyWebSocketServerContainer.getContainer(servletContext) != null;
	}

	JettyUpgrade(ServletContext servletContext) {
		WebSocketComponents components = WebSocketServerComponents
			.getWebSocketComponents(ServletContextHandler.getServletContextHandler(servletContext));
		Assert.state(components != null, "The servlet context has no Jetty WebSocket components");
		WebSocketExtensionRegistry extensions = components.getExtensionRegistry();
		if (!extensions.isAvailable(JettyFramesAfterClose.NAME)) {
			extensions.register(JettyFramesAfterClose.NAME, JettyFramesAfterClose.class);
		}
	}

	@Override
	public boolean upgrade(HttpServletRequest request, HttpServletResponse response, HandshakeOutcome.Accepted accepted)
			throws Exception {
		JettyWebSocketServerContainer container = JettyWebSocketServerContainer
			.getContainer(request.getServletContext());
		Assert.state(container != null, "The servlet context has no Jetty WebSocket container");
		JettyTransport endpoint = new JettyTransport(accepted.socket(), accepted.limits());
		String subprotocol = accepted.subprotocol();
		return container.upgrade((upgradeRequest, upgradeResponse) -> {
			if (subprotocol != null) {
				upgradeResponse.setAcceptedSubProtocol(subprotocol);
			}
			// First in Jetty's chain, nearest the connection: what comes after the
			// client's close goes no further.
			List<ExtensionConfig> extensions = new ArrayList<>();
			extensions.add(ExtensionConfig.parse(JettyFramesAfterClose.NAME));
			if (accepted.permessageDeflate()) {
				// What the client offered and Jetty has, but none of Jetty's internal
				// ones, which no client is to choose.
				upgradeResponse.getExtensions()
					.stream()
					.filter((extension) -> !extension.getName().startsWith("@"))
					.forEach(extensions::add);
			}
			// Otherwise none of the client's: a compressed frame expands inside the
			// container, past the read pause.
			upgradeResponse.setExtensions(extensions);
			return endpoint;
		}, request, response);
	}

}
