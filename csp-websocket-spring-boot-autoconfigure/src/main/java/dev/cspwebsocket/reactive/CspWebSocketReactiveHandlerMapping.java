package dev.cspwebsocket.reactive;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.routing.CspApplications;
import dev.cspwebsocket.routing.ServerUrls;
import dev.cspwebsocket.transport.CspHandshakes;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.session.WebSessionStore;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Serves {@code {prefix}/{application}/{ClassName}.cls} handshakes on WebFlux for the
 * server classes each application exposes. Any other path, including unknown applications
 * and classes, is left to the next mapping (so it ends as a 404 unless a controller or
 * resource answers it), and no name from a URL is ever resolved to anything but a
 * registered {@link CspWebSocket}. Thread-safe after construction.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspWebSocketReactiveHandlerMapping extends AbstractHandlerMapping {

	/** Before {@code @RequestMapping} (0): it claims only registered server URLs. */
	public static final int ORDER = -10;

	private final ServerUrls urls;

	private final CspHandshakes handshakes;

	private final Map<String, WebHandler> handlers = new HashMap<>();

	private final Map<String, PathPattern> patterns = new HashMap<>();

	/**
	 * Create the mapping.
	 * @param prefix the path before the application, {@code /csp} by default
	 * @param applications the applications and the server classes they expose
	 * @param handshakes what accepts or refuses each handshake
	 * @param store where WebFlux keeps sessions, for the sockets' ties to them, or
	 * {@code null} when the session manager does not tell
	 */
	public CspWebSocketReactiveHandlerMapping(String prefix, CspApplications applications, CspHandshakes handshakes,
			@Nullable WebSessionStore store) {
		this.urls = new ServerUrls(prefix, applications);
		this.handshakes = handshakes;
		this.urls.routes().forEach((path, route) -> {
			this.handlers.put(path, new CspReactiveHandshakeHandler(route, handshakes, store));
			this.patterns.put(path, getPathPatternParser().parse(path));
		});
		setOrder(ORDER);
	}

	@Override
	protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		WebHandler handler = this.handlers.get(path);
		if (handler == null) {
			if (this.urls.looksLikeServerUrl(path)
					&& "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
				// A handshake for no registered server: counted, and left to end as 404.
				this.handshakes.notFound();
			}
			return Mono.empty();
		}
		// Every URL served here is a registered server's: a bounded tag value.
		PathPattern pattern = Objects.requireNonNull(this.patterns.get(path), "Every handler's path has its pattern");
		exchange.getAttributes().put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
		// The uri tag of http.server.requests: WebFlux reads it from the context.
		ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.ifPresent((context) -> context.setPathPattern(pattern.getPatternString()));
		return Mono.just(handler);
	}

}
