package dev.cspwebsocket;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How the server finds clients that have gone without closing: it pings every open socket
 * every {@code pingInterval}, and closes with 1001 a socket that has not answered a ping
 * within {@code pongTimeout} of sending it. Pings also keep proxies from cutting idle
 * sockets. Immutable.
 *
 * @param pingInterval how often to ping each socket; zero disables pings
 * @param pongTimeout how long a client may take to answer a ping
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record Heartbeat(Duration pingInterval, Duration pongTimeout) {

	/** A ping every 25 seconds, answered within 10 seconds. */
	public static final Heartbeat DEFAULTS = new Heartbeat(Duration.ofSeconds(25), Duration.ofSeconds(10));

	public Heartbeat {
		Assert.isTrue(!pingInterval.isNegative(), "pingInterval must not be negative");
		Assert.isTrue(pongTimeout.toMillis() > 0, "pongTimeout must be at least 1 ms");
	}

	/**
	 * Whether pings are sent at all.
	 * @return whether the ping interval is positive
	 */
	public boolean enabled() {
		return !this.pingInterval.isZero();
	}

}
