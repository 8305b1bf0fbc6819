package dev.cspwebsocket;

/**
 * A configuration of CSP servers that cannot start: two servers with one CSP class name,
 * a CSP class name that is no class name, an application exposing a server that does not
 * exist. Thrown at start-up, never while serving; Spring Boot prints its
 * {@link #description()} and {@link #action()} under "APPLICATION FAILED TO START".
 * Immutable.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class CspWebSocketConfigurationException extends CspWebSocketException {

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to write instead
	 */
	public CspWebSocketConfigurationException(String description, String action) {
		super(description + ". " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * What is wrong, such as the bean and the name at fault.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * What to write instead.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}
