package dev.cspwebsocket.servlet;

import java.util.HashMap;
import java.util.Map;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.routing.CspApplications;
import dev.cspwebsocket.routing.ServerUrls;
import dev.cspwebsocket.transport.CspHandshakes;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Serves {@code {prefix}/{application}/{ClassName}.cls} handshakes for the server classes
 * each application exposes. Any other path, including unknown applications and classes,
 * is left to the next mapping (so it ends as a 404 unless a controller or resource
 * answers it), and no name from a URL is ever resolved to anything but a registered
 * {@link CspWebSocket}. Thread-safe after construction and its servlet context.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSocketHandlerMapping extends AbstractHandlerMapping {

	/** Before {@code @RequestMapping} (0): it claims only registered server URLs. */
	public static final int ORDER = -10;

	private final ServerUrls urls;

	private final CspHandshakes handshakes;

	private final Map<String, HttpRequestHandler> handlers = new HashMap<>();

	private volatile @Nullable ServletUpgrade upgrade;

	/**
	 * Create the mapping.
	 * @param prefix the path before the application, {@code /csp} by default
	 * @param applications the applications and the server classes they expose
	 * @param handshakes what accepts or refuses each handshake
	 */
	public CspWebSocketHandlerMapping(String prefix, CspApplications applications, CspHandshakes handshakes) {
		this.urls = new ServerUrls(prefix, applications);
		this.handshakes = handshakes;
		this.urls.routes()
			.forEach((path, route) -> this.handlers.put(path,
					new CspHandshakeHandler(route, handshakes, this::upgrade)));
		setOrder(ORDER);
	}

	@Override
	protected void initServletContext(ServletContext servletContext) {
		this.upgrade = ServletUpgrade.of(servletContext);
	}

	private ServletUpgrade upgrade() {
		ServletUpgrade upgrade = this.upgrade;
		Assert.state(upgrade != null, "The mapping has no servlet context yet");
		return upgrade;
	}

	@Override
	protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
		String path = initLookupPath(request);
		HttpRequestHandler handler = this.handlers.get(path);
		if (handler == null) {
			// Counted once, when the DispatcherServlet serves the request: filters (CORS)
			// look handlers up too.
			if (this.urls.looksLikeServerUrl(path) && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
					&& request.getAttribute(DispatcherServlet.WEB_APPLICATION_CONTEXT_ATTRIBUTE) != null) {
				// A handshake for no registered server: counted, and left to end as 404.
				this.handshakes.notFound();
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
