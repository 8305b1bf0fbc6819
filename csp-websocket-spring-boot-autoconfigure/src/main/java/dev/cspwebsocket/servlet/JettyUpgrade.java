package dev.cspwebsocket.servlet;

import java.util.List;

import dev.cspwebsocket.transport.HandshakeOutcome;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer;

import org.springframework.util.Assert;

/**
 * The upgrade through Jetty's own WebSocket container: the socket's
 * {@link JettyTransport} is the endpoint, with the subprotocol the engine chose and no
 * extension unless {@code permessage-deflate} is allowed. Loaded only when Jetty's
 * WebSocket server is present. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class JettyUpgrade implements ServletUpgrade {

	/** The class of Jetty's container, which must be present to load this one. */
	static final String CONTAINER_CLASS = "org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer";

	static boolean isAvailable(ServletContext servletContext) {
		return JettyWebSocketServerContainer.getContainer(servletContext) != null;
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
			if (!accepted.permessageDeflate()) {
				// A compressed frame expands inside the container, past the read pause.
				upgradeResponse.setExtensions(List.of());
			}
			return endpoint;
		}, request, response);
	}

}
