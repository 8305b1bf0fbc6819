package dev.cspwebsocket.routing;

/**
 * A server class as reached through one CSP application: what a URL
 * {@code /csp/{application}/{ClassName}.cls} resolves to.
 *
 * @param application the application name
 * @param serverClass the server class
 * @author csp-websocket-spring-boot
 */
public record Route(String application, ServerClass serverClass) {

	@Override
	public String toString() {
		return this.application + "/" + this.serverClass.name();
	}

}
