package dev.cspwebsocket.servlet;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.core.Ordered;

/**
 * Empties the attributes of a handshake request once every other filter is done with it,
 * when the request was upgraded to a socket. Jetty keeps the upgrade's request for the
 * socket's life (its WebSocket session's upgrade request), and with it what the filters
 * left in its attributes: the {@code http.server.requests} observation and its context,
 * Spring Security's filter-chain observations, its deferred CSRF token, the handler
 * mapping's attributes (several KB a socket). Tomcat recycles the request at the upgrade;
 * there this does nothing that Tomcat would not. Must be the first filter, so that the
 * others, the observation filter among them, have read the attributes before. Stateless;
 * thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public final class UpgradedRequestFilter implements Filter, Ordered {

	/** Before the observation filter ({@code HIGHEST_PRECEDENCE + 1}) and security's. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	/** Set by the handshake handler on a request it has upgraded. */
	static final String UPGRADED_ATTRIBUTE = UpgradedRequestFilter.class.getName() + ".upgraded";

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		chain.doFilter(request, response);
		if (request.getAttribute(UPGRADED_ATTRIBUTE) != null && !request.isAsyncStarted()) {
			for (String name : Collections.list(request.getAttributeNames())) {
				// The container's own stay: Jetty finds the upgraded connection in one,
				// after the filters.
				if (!isContainers(name)) {
					request.removeAttribute(name);
				}
			}
		}
	}

	private static boolean isContainers(String name) {
		return name.startsWith("org.eclipse.jetty.") || name.startsWith("org.apache.");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
