package dev.cspwebsocket.reactive;

import java.net.URI;
import java.security.Principal;

import dev.cspwebsocket.Handshake;
import dev.cspwebsocket.transport.HandshakeRequest;
import dev.cspwebsocket.transport.TiedSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;

/**
 * A handshake as a WebFlux exchange, with its session and user already resolved. Used on
 * one thread at a time.
 *
 * @author csp-websocket-spring-boot
 */
final class ReactiveHandshakeRequest implements HandshakeRequest {

	private final ServerHttpRequest request;

	private final WebSession session;

	private final @Nullable WebSessionStore store;

	private final @Nullable Principal principal;

	ReactiveHandshakeRequest(ServerHttpRequest request, WebSession session, @Nullable WebSessionStore store,
			@Nullable Principal principal) {
		this.request = request;
		this.session = session;
		this.store = store;
		this.principal = principal;
	}

	@Override
	public HttpMethod method() {
		return this.request.getMethod();
	}

	@Override
	public HttpHeaders headers() {
		return this.request.getHeaders();
	}

	@Override
	public URI uri() {
		return this.request.getURI();
	}

	@Override
	public @Nullable String sessionId() {
		return this.session.isStarted() ? this.session.getId() : null;
	}

	@Override
	public @Nullable TiedSession session(boolean create) {
		if (!this.session.isStarted()) {
			if (!create) {
				return null;
			}
			// Saved, and its cookie set, when WebFlux commits the handshake's answer.
			this.session.start();
		}
		return new WebSessionTiedSession(this.session, this.store);
	}

	@Override
	public Handshake handshake(@Nullable String subprotocol) {
		// A parameter without a value is "", as a servlet request has it, not null.
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		this.request.getQueryParams()
			.forEach((name, values) -> values.forEach((value) -> query.add(name, (value != null) ? value : "")));
		return new Handshake(this.request.getURI(), query, HttpHeaders.readOnlyHttpHeaders(headers()),
				this.request.getRemoteAddress(), this.principal, subprotocol);
	}

}
