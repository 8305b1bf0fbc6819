package dev.cspwebsocket.servlet;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import dev.cspwebsocket.transport.TiedSession;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * A session of the servlet container, reached outside requests through the Servlet 6.1
 * {@link HttpSession.Accessor}, as the specification asks: it is bound to the session's
 * id, marks the session accessed, and fails once the session has ended or changed its id.
 * On a container without one, the request's session object is used, and the session
 * cannot be kept alive. Thread-safe.
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
	public HttpSession session() {
		return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
				new Class<?>[] { HttpSession.class }, (proxy, method, args) -> invoke(method, args));
	}

	private @Nullable Object invoke(Method method, @Nullable Object @Nullable [] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return method.invoke(this, args);
		}
		@Nullable Object[] result = new @Nullable Object[1];
		@Nullable Throwable[] failure = new @Nullable Throwable[1];
		access((session) -> {
			try {
				result[0] = method.invoke(session, args);
			}
			catch (InvocationTargetException ex) {
				failure[0] = ex.getCause();
			}
			catch (IllegalAccessException ex) {
				failure[0] = ex;
			}
		});
		if (failure[0] != null) {
			throw failure[0];
		}
		return result[0];
	}

	@Override
	public boolean keepAlive(boolean touch) {
		try {
			if (!this.session.getId().equals(this.id)) {
				return false;
			}
			if (hasTimedOut()) {
				// It has ended by its own timeout. Tomcat expires it when it is accessed;
				// Jetty only when its scavenger next runs, minutes later: ending it now
				// has both tell their listeners.
				invalidate();
				return false;
			}
			if (touch) {
				access((session) -> {
				});
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

	/** Run {@code operation} on the session as it is now, if it still lives. */
	private void access(Consumer<HttpSession> operation) {
		if (this.accessor != null) {
			this.accessor.access(operation);
			return;
		}
		// The same object renamed by a login is another session now.
		if (!this.session.getId().equals(this.id) || hasTimedOut()) {
			throw new IllegalStateException("The HTTP session has ended");
		}
		operation.accept(this.session);
	}

	@Override
	public boolean isUnused() {
		boolean[] unused = new boolean[1];
		try {
			access((session) -> unused[0] = !session.getAttributeNames().hasMoreElements());
		}
		catch (IllegalStateException ex) {
			// Ended already.
		}
		return unused[0];
	}

	@Override
	public void invalidate() {
		try {
			access(HttpSession::invalidate);
		}
		catch (IllegalStateException ex) {
			// Ended already, or renamed: the session under the new id is not ours.
		}
	}

}
