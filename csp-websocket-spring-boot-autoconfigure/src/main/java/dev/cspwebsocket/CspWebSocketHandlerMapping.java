package dev.cspwebsocket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.Assert;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Serves {@code {prefix}/{application}/{ClassName}.cls} handshakes for the server classes
 * each application exposes. Any other path, including unknown applications and classes,
 * is left to the next mapping (so it ends as a 404 unless a controller or resource
 * answers it), and no name from a URL is ever resolved to anything but a registered
 * {@link CspWebSocket}. Immutable after construction; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSocketHandlerMapping extends AbstractHandlerMapping {

	/** Before {@code @RequestMapping} (0): it claims only registered server URLs. */
	public static final int ORDER = -10;

	private static final String SUFFIX = ".cls";

	private final String prefix;

	private final CspWebSockets sockets;

	private final CspHandshakeHandler handshakeHandler = new CspHandshakeHandler();

	private final Map<String, HttpRequestHandler> handlers = new HashMap<>();

	/**
	 * Create the mapping.
	 * @param prefix the path before the application, {@code /csp} by default
	 * @param applications the applications and the server classes they expose
	 * @param sockets the registry of open sockets
	 * @param limits the per-socket limits
	 * @param beanFactory where each socket's server object comes from
	 * @param policy the origins allowed, compression, and whether handshakes get a
	 * session
	 */
	public CspWebSocketHandlerMapping(String prefix, CspApplications applications, CspWebSockets sockets,
			SocketLimits limits, BeanFactory beanFactory, HandshakePolicy policy) {
		Assert.isTrue(prefix.startsWith("/") && !prefix.endsWith("/"),
				() -> "The CSP path prefix must start with '/' and not end with one, was '" + prefix + "'");
		this.prefix = prefix;
		// Cheapest first: no session or server object exists for a refused handshake.
		this.sockets = sockets;
		List<HandshakeInterceptor> interceptors = List.of(new HandshakeValidator(sockets),
				new OriginValidator(policy, sockets),
				new CspHandshakeInterceptor(beanFactory, sockets, limits, policy.createSession()));
		for (String application : applications.names()) {
			applications.serverClasses(application).values().forEach((serverClass) -> {
				Route route = new Route(application, serverClass);
				WebSocketHttpRequestHandler handler = new WebSocketHttpRequestHandler(
						new CspWebSocketHandler(route, sockets), this.handshakeHandler);
				handler.setHandshakeInterceptors(interceptors);
				this.handlers.put(path(route), policy.permessageDeflate() ? handler : (request, response) -> handler
					.handleRequest(new WithoutExtensionsRequest(request), response));
			});
		}
		this.handshakeHandler.start();
		setOrder(ORDER);
	}

	private String path(Route route) {
		return this.prefix + "/" + route.application() + "/" + route.serverClass().name() + SUFFIX;
	}

	@Override
	protected void initServletContext(ServletContext servletContext) {
		this.handshakeHandler.setServletContext(servletContext);
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		String path = initLookupPath(request);
		HttpRequestHandler handler = this.handlers.get(path);
		if (handler == null) {
			// Counted once, when the DispatcherServlet serves the request: filters (CORS)
			// look handlers up too.
			if (path.startsWith(this.prefix + "/") && path.endsWith(SUFFIX)
					&& "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
					&& request.getAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE) != null) {
				// A handshake for no registered server: counted, and left to end as 404.
				this.sockets.handshakeRejected(HandshakeRejection.NOT_FOUND);
			}
			return null;
		}
		// Every URL served here is a registered server's: a bounded tag value.
		request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, path);
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(path));
		return handler;
	}

}
