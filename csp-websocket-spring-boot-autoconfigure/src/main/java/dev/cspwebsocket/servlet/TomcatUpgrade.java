package dev.cspwebsocket.servlet;

import java.util.List;
import java.util.Map;

import dev.cspwebsocket.transport.HandshakeOutcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The upgrade through Jakarta WebSocket 2.1's {@link ServerContainer}, as Tomcat offers
 * it: the socket's {@link TomcatTransport} is the endpoint, with the subprotocol the
 * engine chose and no extension unless {@code permessage-deflate} is allowed. Stateless;
 * thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class TomcatUpgrade implements ServletUpgrade {

	/** Where the servlet container keeps its Jakarta WebSocket container. */
	static final String CONTAINER_ATTRIBUTE = ServerContainer.class.getName();

	private static final int SWITCHING_PROTOCOLS = 101;

	@Override
	public boolean upgrade(HttpServletRequest request, HttpServletResponse response, HandshakeOutcome.Accepted accepted)
			throws Exception {
		ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(CONTAINER_ATTRIBUTE);
		Assert.state(container != null, "The servlet context has no Jakarta WebSocket container");
		TomcatTransport endpoint = new TomcatTransport(accepted.socket(), accepted.limits());
		String subprotocol = accepted.subprotocol();
		ServerEndpointConfig config = ServerEndpointConfig.Builder
			.create(TomcatTransport.class, request.getRequestURI())
			.subprotocols((subprotocol != null) ? List.of(subprotocol) : List.of())
			.configurator(new Configurator(endpoint, subprotocol, accepted.permessageDeflate()))
			.build();
		container.upgradeHttpToWebSocket(request, response, config, Map.of());
		return response.getStatus() == SWITCHING_PROTOCOLS;
	}

	/**
	 * Hands the container the socket's own endpoint, and agrees on what the engine chose.
	 */
	private static final class Configurator extends ServerEndpointConfig.Configurator {

		private final TomcatTransport endpoint;

		private final @Nullable String subprotocol;

		private final boolean permessageDeflate;

		Configurator(TomcatTransport endpoint, @Nullable String subprotocol, boolean permessageDeflate) {
			this.endpoint = endpoint;
			this.subprotocol = subprotocol;
			this.permessageDeflate = permessageDeflate;
		}

		@Override
		public <T> T getEndpointInstance(Class<T> endpointClass) {
			return endpointClass.cast(this.endpoint);
		}

		@Override
		public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
			return (this.subprotocol != null) ? this.subprotocol : "";
		}

		@Override
		public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
			// Off by default: a compressed frame expands inside the container, past the
			// read pause.
			return this.permessageDeflate ? super.getNegotiatedExtensions(installed, requested) : List.of();
		}

		@Override
		public boolean checkOrigin(String originHeaderValue) {
			// The engine has checked it.
			return true;
		}

	}

}
