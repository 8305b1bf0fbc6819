package dev.cspwebsocket.servlet;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.cspwebsocket.transport.TiedSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * A session of Spring Session. Every access finds the session in its repository and saves
 * what changed, because the request's copy of it is stale once the request has ended.
 * Loaded only when a request came through Spring Session's filter. Thread-safe as the
 * repository is.
 *
 * @author csp-websocket-spring-boot
 */
final class SpringSessionTiedSession implements TiedSession {

	private final SessionRepository<Session> repository;

	private final String id;

	private final ServletContext servletContext;

	@SuppressWarnings("unchecked")
	SpringSessionTiedSession(Object repository, String id, ServletContext servletContext) {
		this.repository = (SessionRepository<Session>) repository;
		this.id = id;
		this.servletContext = servletContext;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public HttpSession session() {
		return new RepositoryHttpSession();
	}

	@Override
	public boolean keepAlive(boolean touch) {
		Session session = this.repository.findById(this.id);
		if (session == null) {
			return false;
		}
		if (touch) {
			session.setLastAccessedTime(Instant.now());
			this.repository.save(session);
		}
		return true;
	}

	@Override
	public boolean isUnused() {
		Session session = this.repository.findById(this.id);
		return session != null && session.getAttributeNames().isEmpty();
	}

	@Override
	public void invalidate() {
		this.repository.deleteById(this.id);
	}

	private <T extends @Nullable Object> T read(Function<Session, T> operation) {
		return operation.apply(find());
	}

	private void write(Consumer<Session> operation) {
		Session session = find();
		operation.accept(session);
		this.repository.save(session);
	}

	private Session find() {
		Session session = this.repository.findById(this.id);
		if (session == null) {
			throw new IllegalStateException("The HTTP session has ended");
		}
		return session;
	}

	/** The session in the repository, found again by each method. */
	private final class RepositoryHttpSession implements HttpSession {

		@Override
		public long getCreationTime() {
			return read((session) -> session.getCreationTime().toEpochMilli());
		}

		@Override
		public String getId() {
			return SpringSessionTiedSession.this.id;
		}

		@Override
		public long getLastAccessedTime() {
			return read((session) -> session.getLastAccessedTime().toEpochMilli());
		}

		@Override
		public ServletContext getServletContext() {
			return SpringSessionTiedSession.this.servletContext;
		}

		@Override
		public void setMaxInactiveInterval(int interval) {
			write((session) -> session.setMaxInactiveInterval(Duration.ofSeconds(interval)));
		}

		@Override
		public int getMaxInactiveInterval() {
			return read((session) -> (int) session.getMaxInactiveInterval().toSeconds());
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return read((session) -> session.getAttribute(name));
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return read((session) -> Collections.enumeration(session.getAttributeNames()));
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			if (value == null) {
				// What the Servlet API asks of a null value; Spring Session's
				// setAttribute takes none.
				removeAttribute(name);
				return;
			}
			write((session) -> session.setAttribute(name, value));
		}

		@Override
		public void removeAttribute(String name) {
			write((session) -> session.removeAttribute(name));
		}

		@Override
		public void invalidate() {
			find();
			SpringSessionTiedSession.this.invalidate();
		}

		@Override
		public boolean isNew() {
			return false;
		}

	}

}
