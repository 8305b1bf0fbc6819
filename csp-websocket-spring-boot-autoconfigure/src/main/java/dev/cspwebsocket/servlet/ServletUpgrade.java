package dev.cspwebsocket.servlet;

import dev.cspwebsocket.transport.HandshakeOutcome;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.ClassUtils;

/**
 * Upgrades an accepted handshake to a socket through one container's WebSocket API, and
 * connects the container's events for the socket to the CSP engine. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
interface ServletUpgrade {

	/**
	 * Upgrade the request.
	 * @param request the handshake request
	 * @param response its response
	 * @param accepted the socket to upgrade to
	 * @return whether the container upgraded it (101)
	 * @throws Exception when the container fails to
	 */
	boolean upgrade(HttpServletRequest request, HttpServletResponse response, HandshakeOutcome.Accepted accepted)
			throws Exception;

	/**
	 * The upgrade of the container that runs {@code servletContext}: Jetty's own API on
	 * Jetty, whose Jakarta WebSocket has no way to pause reading, and Jakarta WebSocket
	 * elsewhere (Tomcat).
	 * @param servletContext the servlet context
	 * @return the upgrade; on a container without WebSocket support, one that fails every
	 * upgrade saying so
	 */
	static ServletUpgrade of(ServletContext servletContext) {
		if (ClassUtils.isPresent(JettyUpgrade.CONTAINER_CLASS, ServletUpgrade.class.getClassLoader())
				&& JettyUpgrade.isAvailable(servletContext)) {
			return new JettyUpgrade(servletContext);
		}
		if (servletContext.getAttribute(TomcatUpgrade.CONTAINER_ATTRIBUTE) != null) {
			return new TomcatUpgrade();
		}
		String unsupported = "The servlet container " + servletContext.getServerInfo()
				+ " offers no WebSocket support: run CSP servers on Tomcat or Jetty with their WebSocket modules";
		return (request, response, accepted) -> {
			throw new IllegalStateException(unsupported);
		};
	}

}
