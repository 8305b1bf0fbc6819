package dev.cspwebsocket;

import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A handshake request without its {@code Sec-WebSocket-Extensions} header, so that the
 * container negotiates no extension. (Tomcat negotiates extensions from the request
 * itself, not from what Spring selects.) Used when {@code permessage-deflate} is off: a
 * compressed frame expands inside the container, past the read pause.
 *
 * @author csp-websocket-spring-boot
 */
final class WithoutExtensionsRequest extends HttpServletRequestWrapper {

	private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	WithoutExtensionsRequest(HttpServletRequest request) {
		super(request);
	}

	@Override
	public @Nullable String getHeader(String name) {
		return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		return Collections.enumeration(Collections.list(super.getHeaderNames())
			.stream()
			.filter((name) -> !EXTENSIONS.equalsIgnoreCase(name))
			.toList());
	}

}
