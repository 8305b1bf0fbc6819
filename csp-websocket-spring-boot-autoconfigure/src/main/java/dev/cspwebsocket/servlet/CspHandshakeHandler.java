package dev.cspwebsocket.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.cspwebsocket.routing.Route;
import dev.cspwebsocket.transport.CspHandshakes;
import dev.cspwebsocket.transport.HandshakeOutcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;

/**
 * Serves the handshakes of one server URL: the engine accepts or refuses each, and an
 * accepted one is upgraded by the container. Stateless apart from its route; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspHandshakeHandler implements HttpRequestHandler {

	private static final Log logger = LogFactory.getLog(CspHandshakeHandler.class);

	private final Route route;

	private final CspHandshakes handshakes;

	private final Supplier<ServletUpgrade> upgrade;

	CspHandshakeHandler(Route route, CspHandshakes handshakes, Supplier<ServletUpgrade> upgrade) {
		this.route = route;
		this.handshakes = handshakes;
		this.upgrade = upgrade;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HandshakeOutcome outcome = this.handshakes.accept(this.route, new ServletHandshakeRequest(request));
		if (outcome instanceof HandshakeOutcome.Refused refused) {
			response.setStatus(refused.status().value());
			refused.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			answer(response, refused.reason());
			return;
		}
		HandshakeOutcome.Accepted accepted = (HandshakeOutcome.Accepted) outcome;
		boolean upgraded = false;
		try {
			upgraded = this.upgrade.get().upgrade(request, response, accepted);
			if (upgraded) {
				request.setAttribute(UpgradedRequestFilter.UPGRADED_ATTRIBUTE, Boolean.TRUE);
			}
		}
		catch (Exception ex) {
			logger.warn("Upgrading a handshake for " + this.route + " failed; answering 500", ex);
			if (!response.isCommitted()) {
				response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
				answer(response, "The WebSocket upgrade failed");
			}
		}
		finally {
			if (!upgraded) {
				// onPreServer() ran, but no socket will open.
				accepted.upgradeFailed();
			}
		}
	}

	private static void answer(HttpServletResponse response, String reason) throws IOException {
		response.setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8).toString());
		response.getOutputStream().write(reason.getBytes(StandardCharsets.UTF_8));
	}

}
