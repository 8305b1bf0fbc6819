package dev.cspwebsocket;

import org.springframework.util.Assert;

/**
 * How many sockets may be open at once: in all, per CSP application, per server class and
 * per HTTP session. A negative value means no limit. A handshake over a limit is answered
 * 503 with {@code Retry-After}, before any server object exists. A socket counts from its
 * handshake until its {@code onPostServer()} has run. Immutable.
 *
 * @param total the limit on all sockets
 * @param perApplication the limit on the sockets of each CSP application
 * @param perServerClass the limit on the sockets of each server class
 * @param perSession the limit on the sockets of each HTTP session
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record ConnectionLimits(int total, int perApplication, int perServerClass, int perSession) {

	/** No limit but 100 sockets per HTTP session. */
	public static final ConnectionLimits DEFAULTS = new ConnectionLimits(-1, -1, -1, 100);

	public ConnectionLimits {
		Assert.isTrue(total != 0 && perApplication != 0 && perServerClass != 0 && perSession != 0,
				"A connection limit of 0 would refuse every socket: use a positive limit, or -1 for none");
	}

}
