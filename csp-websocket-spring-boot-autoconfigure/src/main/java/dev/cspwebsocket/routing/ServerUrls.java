package dev.cspwebsocket.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketConfigurationException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The URLs of the registered servers, {@code {prefix}/{application}/{ClassName}.cls}, as
 * every container's handler mapping looks them up, each logged at start-up (INFO). No
 * name from a URL is ever resolved to anything but a registered {@link CspWebSocket}.
 * Internal to the starter: not for applications, and it may change between versions.
 * Immutable; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class ServerUrls {

	private static final Log logger = LogFactory.getLog(ServerUrls.class);

	private final String prefix;

	private final Map<String, Route> routes = new LinkedHashMap<>();

	/**
	 * Create the URLs of the servers each application exposes.
	 * @param prefix the path before the application, {@code /csp} by default
	 * @param applications the applications and the server classes they expose
	 */
	public ServerUrls(String prefix, CspApplications applications) {
		if (!prefix.startsWith("/") || prefix.endsWith("/")) {
			throw new CspWebSocketConfigurationException("The CSP path prefix '" + prefix + "' is not a path",
					"Set csp.websocket.path-prefix to a path that starts with '/' and does not end with one, "
							+ "such as /csp");
		}
		this.prefix = prefix;
		for (String application : applications.names()) {
			applications.serverClasses(application).values().forEach((serverClass) -> {
				Route route = new Route(application, serverClass);
				this.routes.put(prefix + "/" + application + "/" + serverClass.name() + ServerClass.SUFFIX, route);
			});
		}
		// What a 404 cannot say: which URLs there are.
		if (this.routes.isEmpty()) {
			logger.info("No CSP WebSocket servers to map: no bean extends CspWebSocket, or no CSP application "
					+ "exposes one (a server class needs @Component)");
		}
		this.routes.forEach((path, route) -> logger.info("Mapped CSP WebSocket server " + route.serverClass().name()
				+ " (bean '" + route.serverClass().beanName() + "') to " + path));
	}

	/**
	 * Every server URL and the server it reaches.
	 * @return the routes by path
	 */
	public Map<String, Route> routes() {
		return Collections.unmodifiableMap(this.routes);
	}

	/**
	 * The server a path reaches.
	 * @param path the request path, within the application's context path
	 * @return the route, or {@code null} when no registered server has the path
	 */
	public @Nullable Route route(String path) {
		return this.routes.get(path);
	}

	/**
	 * Whether a path has the shape of a server URL, registered or not: a handshake for
	 * one that is not registered is counted as not found.
	 * @param path the request path
	 * @return whether it is {@code {prefix}/.../*.cls}
	 */
	public boolean looksLikeServerUrl(String path) {
		return path.startsWith(this.prefix + "/") && path.endsWith(ServerClass.SUFFIX);
	}

}
