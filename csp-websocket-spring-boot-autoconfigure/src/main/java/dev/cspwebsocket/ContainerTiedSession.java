package dev.cspwebsocket;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * A session of the servlet container. Marks it accessed through the Servlet 6.1
 * {@link HttpSession.Accessor}, which a container gives for use outside requests; on a
 * container without one, the session cannot be kept alive. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ContainerTiedSession implements TiedSession {

	private final HttpSession session;

	private final String id;

	private final HttpSession.@Nullable Accessor accessor;

	ContainerTiedSession(HttpSession session) {
		this.session = session;
		this.id = session.getId();
		this.accessor = session.getAccessor();
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public HttpSession httpSession() {
		return this.session;
	}

	@Override
	public boolean keepAlive(boolean touch) {
		try {
			if (touch || hasTimedOut()) {
				// The container checks the session here, and expires it when it has
				// timed out: its listeners then see it end.
				access();
			}
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private boolean hasTimedOut() {
		int maxInactiveSeconds = this.session.getMaxInactiveInterval();
		return maxInactiveSeconds > 0
				&& System.currentTimeMillis() - this.session.getLastAccessedTime() >= maxInactiveSeconds * 1000L;
	}

	private void access() {
		if (this.accessor != null) {
			this.accessor.access((session) -> {
			});
		}
		else if (hasTimedOut()) {
			throw new IllegalStateException("Session " + this.id + " has timed out");
		}
	}

	@Override
	public void invalidate() {
		try {
			this.session.invalidate();
		}
		catch (IllegalStateException ex) {
			// Ended already.
		}
	}

}
