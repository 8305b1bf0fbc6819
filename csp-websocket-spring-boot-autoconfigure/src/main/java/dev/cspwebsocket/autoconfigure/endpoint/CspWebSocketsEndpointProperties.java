package dev.cspwebsocket.autoconfigure.endpoint;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the {@code cspwebsockets} endpoint.
 *
 * @author csp-websocket-spring-boot
 */
@ConfigurationProperties("management.endpoint.cspwebsockets")
public class CspWebSocketsEndpointProperties {

	/**
	 * When to show the HTTP session ids and principal names of sockets; masked otherwise.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles that may see session ids and principal names when show-values is
	 * WHEN_AUTHORIZED; any authenticated user when empty.
	 */
	private Set<String> roles = new HashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
