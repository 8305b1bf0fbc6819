package dev.cspwebsocket.reactive;

import java.time.Duration;

import dev.cspwebsocket.transport.TiedSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionStore;

/**
 * A socket's tie to its WebFlux session. WebFlux tells nobody when a session ends, so the
 * engine's periodic check asks: WebFlux's own in-memory store keeps the very session
 * object, whose state tells (invalidated, timed out, or its id changed); any other store
 * (Spring Session's) is asked for the session by id. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class WebSessionTiedSession implements TiedSession {

	/** How long a store may take to answer the check. */
	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

	private final String id;

	private final @Nullable WebSessionStore store;

	private volatile WebSession session;

	WebSessionTiedSession(WebSession session, @Nullable WebSessionStore store) {
		this.id = session.getId();
		this.session = session;
		this.store = store;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public WebSession session() {
		return this.session;
	}

	@Override
	public boolean keepAlive(boolean touch) {
		WebSession current = current();
		if (current == null || current.isExpired() || !current.getId().equals(this.id)) {
			return false;
		}
		if (touch && this.store != null) {
			this.store.updateLastAccessTime(current).then(current.save()).block(STORE_TIMEOUT);
		}
		return true;
	}

	/** The session as its store has it now, or {@code null} when it has gone. */
	private @Nullable WebSession current() {
		if (this.store == null || this.store instanceof InMemoryWebSessionStore) {
			// The store keeps this object: its state is the session's. Retrieving it
			// would mark it accessed.
			return this.session;
		}
		WebSession stored = this.store.retrieveSession(this.id).block(STORE_TIMEOUT);
		if (stored != null) {
			this.session = stored;
		}
		return stored;
	}

	@Override
	public boolean isUnused() {
		WebSession current = current();
		return current != null && !current.isExpired() && current.getAttributes().isEmpty();
	}

	@Override
	public void invalidate() {
		WebSession current = current();
		if (current != null && !current.isExpired()) {
			current.invalidate().block(STORE_TIMEOUT);
		}
	}

}
