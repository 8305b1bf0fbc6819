package dev.cspwebsocket.cluster;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * A shared-connection socket as a cluster registry holds it: enough to find it by id,
 * server class, application or HTTP session, and the node that owns it. Immutable.
 *
 * @param webSocketId the socket id
 * @param node the id of the node that holds the socket
 * @param application the CSP application
 * @param serverClass the CSP server class name
 * @param serverType the Java class name of the server
 * @param sessionId the HTTP session id of the handshake, if any
 * @param subprotocol the subprotocol, if any
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record SharedSocket(String webSocketId, String node, String application, String serverClass, String serverType,
		@Nullable String sessionId, @Nullable String subprotocol) {

	/**
	 * Whether the server is of a Java type, as this node's classes know it; every node of
	 * a cluster runs the same application.
	 * @param type the type
	 * @return whether the server's class is {@code type} or a subclass of it
	 */
	public boolean isOfType(Class<?> type) {
		if (type.getName().equals(this.serverType)) {
			return true;
		}
		ClassLoader classLoader = type.getClassLoader();
		if (!ClassUtils.isPresent(this.serverType, classLoader)) {
			return false;
		}
		return type.isAssignableFrom(ClassUtils.resolveClassName(this.serverType, classLoader));
	}

}
