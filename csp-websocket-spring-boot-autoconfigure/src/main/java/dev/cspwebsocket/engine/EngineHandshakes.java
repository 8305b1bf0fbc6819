package dev.cspwebsocket.engine;

import java.util.List;
import java.util.Objects;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.HandshakePolicy;
import dev.cspwebsocket.HandshakeRefusedException;
import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.ServerBinding;
import dev.cspwebsocket.routing.Route;
import dev.cspwebsocket.transport.CspHandshakes;
import dev.cspwebsocket.transport.HandshakeOutcome;
import dev.cspwebsocket.transport.HandshakeRequest;
import dev.cspwebsocket.transport.TiedSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The handshakes of CSP servers, whatever the container: checks a request, admits it
 * under the connection limits, ties it to its HTTP session (making one when configured),
 * creates its server object and runs its {@code onPreServer()}, which may refuse the
 * socket. A container adapter answers a refusal, or upgrades the request. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class EngineHandshakes implements CspHandshakes {

	private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

	/** When a client refused for a limit or shutdown should try again. */
	private static final String RETRY_AFTER_SECONDS = "5";

	private static final Log logger = LogFactory.getLog(EngineHandshakes.class);

	private final Admission admission;

	private final SocketLifecycle lifecycle;

	private final SocketContext context;

	private final BeanFactory beanFactory;

	private final HandshakePolicy policy;

	private final OriginValidator origins;

	EngineHandshakes(Admission admission, SocketLifecycle lifecycle, SocketContext context, BeanFactory beanFactory,
			HandshakePolicy policy) {
		this.admission = admission;
		this.lifecycle = lifecycle;
		this.context = context;
		this.beanFactory = beanFactory;
		this.policy = policy;
		this.origins = new OriginValidator(policy);
	}

	/**
	 * Cheapest checks first, so that no session or server object exists for a refused
	 * one.
	 */
	@Override
	public HandshakeOutcome accept(Route route, HandshakeRequest request) {
		HandshakeOutcome.Refused invalid = HandshakeValidator.validate(request.method(), request.headers());
		if (invalid != null) {
			this.lifecycle.handshakeRejected(HandshakeRejection.BAD_REQUEST);
			return invalid;
		}
		HandshakeOutcome.Refused foreign = this.origins.validate(request);
		if (foreign != null) {
			this.lifecycle.handshakeRejected(HandshakeRejection.ORIGIN);
			return foreign;
		}
		List<String> offered = request.headers().getValuesAsList(SEC_WEBSOCKET_PROTOCOL);
		String subprotocol = route.serverClass().selectSubprotocol(offered);
		if (subprotocol == null && !offered.isEmpty()) {
			// Answered without one, a client that asked for one fails with 1006 and no
			// reason: refused here, the client and the meters say why.
			logger.debug("Refused a handshake for " + route + " offering subprotocols " + offered);
			this.lifecycle.handshakeRejected(HandshakeRejection.SUBPROTOCOL);
			List<String> spoken = route.serverClass().subprotocols();
			return new HandshakeOutcome.Refused(HttpStatus.BAD_REQUEST,
					spoken.isEmpty() ? "This server speaks no subprotocol: connect without one"
							: "None of the subprotocols offered is one this server speaks: " + spoken);
		}
		String existing = request.sessionId();
		Admission.Refusal refusal = this.admission.admit(route, existing);
		if (refusal != null) {
			logger.debug("Refused a handshake for " + route + ": " + refusal.reason());
			this.lifecycle.handshakeRejected(refusal.rejection());
			if (understandsTryAgainLater(request)) {
				// Answered with 1013 on an open socket, which a browser can see.
				return new HandshakeOutcome.Accepted(new TryAgainLater(RETRY_AFTER_SECONDS), subprotocol,
						this.context.limits(), false, () -> {
						});
			}
			HttpHeaders retry = new HttpHeaders();
			retry.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return new HandshakeOutcome.Refused(HttpStatus.SERVICE_UNAVAILABLE, refusal.reason(), retry);
		}
		// Only an admitted handshake gets a session made: refused ones must not fill
		// memory.
		TiedSession session;
		try {
			session = request.session(this.policy.createSession());
		}
		catch (RuntimeException ex) {
			logger.warn("Making the HTTP session of a handshake for " + route + " failed; answering 500", ex);
			this.admission.release(route, existing);
			this.lifecycle.handshakeRejected(HandshakeRejection.ERROR);
			return new HandshakeOutcome.Refused(HttpStatus.INTERNAL_SERVER_ERROR,
					"The HTTP session of the handshake could not be made");
		}
		if (existing == null && session != null) {
			this.admission.admitSession(session.id());
		}
		Object requestSession = (session != null) ? request.requestSession() : null;
		Connection connection = new Connection(SocketIds.next(), route, request.handshake(subprotocol), requestSession,
				session, existing == null && session != null, this.context);
		ServerBinding server;
		try {
			server = ServerBinding.bind(this.beanFactory.getBean(route.serverClass().beanName(), CspWebSocket.class),
					connection);
			server.onPreServer();
		}
		catch (HandshakeRefusedException ex) {
			logger.debug("onPreServer() of " + route + " refused the handshake: " + ex.getMessage());
			this.lifecycle.handshakeRejected(HandshakeRejection.REFUSED);
			this.lifecycle.abandon(null, connection);
			// Its constructor takes a message; getMessage() cannot tell NullAway so.
			return new HandshakeOutcome.Refused(ex.status(),
					Objects.requireNonNull(ex.getMessage(), "A HandshakeRefusedException has a message"));
		}
		catch (Exception ex) {
			logger.error("Starting the server of " + route + " failed; answering 500", ex);
			this.lifecycle.handshakeRejected(HandshakeRejection.ERROR);
			this.lifecycle.abandon(null, connection);
			return new HandshakeOutcome.Refused(HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket server failed to start");
		}
		finally {
			connection.handshakeDone();
		}
		this.lifecycle.upgrading(connection, server);
		return new HandshakeOutcome.Accepted(connection, connection.subprotocol(), this.context.limits(),
				this.policy.permessageDeflate(), () -> this.lifecycle.upgradeFailed(connection));
	}

	private static boolean understandsTryAgainLater(HandshakeRequest request) {
		return "1".equals(UriComponentsBuilder.fromUri(request.uri())
			.build()
			.getQueryParams()
			.getFirst(TryAgainLater.QUERY_PARAMETER));
	}

	@Override
	public void notFound() {
		this.lifecycle.handshakeRejected(HandshakeRejection.NOT_FOUND);
	}

}
