package dev.cspwebsocket.servlet;

import java.net.URI;
import java.util.List;

import dev.cspwebsocket.Handshake;
import dev.cspwebsocket.transport.HandshakeRequest;
import dev.cspwebsocket.transport.TiedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A handshake as a servlet request. Used on the request's thread only.
 *
 * @author csp-websocket-spring-boot
 */
final class ServletHandshakeRequest implements HandshakeRequest {

	/**
	 * The request attribute under which Spring Session's filter leaves its repository.
	 */
	private static final String SPRING_SESSION_REPOSITORY_ATTRIBUTE = "org.springframework.session.SessionRepository";

	private final HttpServletRequest request;

	private final ServletServerHttpRequest http;

	ServletHandshakeRequest(HttpServletRequest request) {
		this.request = request;
		this.http = new ServletServerHttpRequest(request);
	}

	@Override
	public HttpMethod method() {
		return this.http.getMethod();
	}

	@Override
	public HttpHeaders headers() {
		return this.http.getHeaders();
	}

	@Override
	public URI uri() {
		return this.http.getURI();
	}

	@Override
	public @Nullable String sessionId() {
		HttpSession session = this.request.getSession(false);
		return (session != null) ? session.getId() : null;
	}

	@Override
	public @Nullable TiedSession session(boolean create) {
		HttpSession session = this.request.getSession(create);
		if (session == null) {
			return null;
		}
		Object repository = this.request.getAttribute(SPRING_SESSION_REPOSITORY_ATTRIBUTE);
		return (repository != null)
				? new SpringSessionTiedSession(repository, session.getId(), this.request.getServletContext())
				: new ContainerTiedSession(session);
	}

	@Override
	public @Nullable HttpSession requestSession() {
		return this.request.getSession(false);
	}

	@Override
	public Handshake handshake(@Nullable String subprotocol) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		this.request.getParameterMap().forEach((name, values) -> query.addAll(name, List.of(values)));
		return new Handshake(this.http.getURI(), query, HttpHeaders.readOnlyHttpHeaders(headers()),
				this.http.getRemoteAddress(), this.http.getPrincipal(), subprotocol);
	}

}
