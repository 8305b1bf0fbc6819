package dev.cspwebsocket.engine;

import java.security.Principal;
import java.util.List;
import java.util.Objects;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.HandshakePolicy;
import dev.cspwebsocket.HandshakeRefusedException;
import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.ServerBinding;
import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.cluster.CspWebSocketsCluster;
import dev.cspwebsocket.observation.HandshakeObservationContext;
import dev.cspwebsocket.routing.Route;
import dev.cspwebsocket.transport.CspHandshakes;
import dev.cspwebsocket.transport.HandshakeOutcome;
import dev.cspwebsocket.transport.HandshakeRequest;
import dev.cspwebsocket.transport.TiedSession;
import dev.cspwebsocket.transport.TransportListener;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

	/** The query parameter by which a client says it understands 1013. */
	private static final String TRY_AGAIN_PARAMETER = "csp-try-again";

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
	 * Observed, and current while {@code onPreServer()} runs and the socket's thread
	 * context is taken; the thread's context is put back afterwards.
	 */
	@Override
	public HandshakeOutcome accept(Route route, HandshakeRequest request) {
		HandshakeObservationContext observed = new HandshakeObservationContext(route.application(),
				route.serverClass().name());
		Observation observation = this.context.observations().handshake(observed).start();
		try (Observation.Scope scope = observation.openScope();
				ContextSnapshot.Scope requestThread = this.context.observations().keepThreadLocals()) {
			return handshake(route, request, observed);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			this.context.observations().handshakeEnded(observation);
		}
	}

	/**
	 * Cheapest checks first, so that no session or server object exists for a refused
	 * one.
	 */
	private HandshakeOutcome handshake(Route route, HandshakeRequest request, HandshakeObservationContext observed) {
		HandshakeOutcome.Refused invalid = HandshakeValidator.validate(request.method(), request.headers());
		if (invalid != null) {
			rejected(observed, HandshakeRejection.BAD_REQUEST);
			return invalid;
		}
		HandshakeOutcome.Refused foreign = this.origins.validate(request);
		if (foreign != null) {
			rejected(observed, HandshakeRejection.ORIGIN);
			return foreign;
		}
		List<String> offered = request.headers().getValuesAsList(SEC_WEBSOCKET_PROTOCOL);
		String subprotocol = route.serverClass().selectSubprotocol(offered);
		if (subprotocol == null && !offered.isEmpty()) {
			// Answered without one, a client that asked for one fails with 1006 and no
			// reason: refused here, the client and the meters say why.
			logger.debug("Refused a handshake for " + route + " offering subprotocols " + offered);
			rejected(observed, HandshakeRejection.SUBPROTOCOL);
			List<String> spoken = route.serverClass().subprotocols();
			return new HandshakeOutcome.Refused(HttpStatus.BAD_REQUEST,
					spoken.isEmpty() ? "This server speaks no subprotocol: connect without one"
							: "None of the subprotocols offered is one this server speaks: " + spoken);
		}
		boolean speaksResume = ResumeProtocol.VERSION.equals(queryParameter(request, ResumeProtocol.QUERY_PARAMETER));
		String resumeId = speaksResume ? queryParameter(request, ResumeProtocol.ID_PARAMETER) : null;
		if (resumeId != null) {
			// The socket exists and is counted: no admission, no server object.
			return resume(route, request, subprotocol, resumeId, observed);
		}
		String existing = request.sessionId();
		Admission.Refusal refusal = this.admission.admit(route, existing);
		if (refusal != null) {
			logger.debug("Refused a handshake for " + route + ": " + refusal.reason());
			rejected(observed, refusal.rejection());
			if ("1".equals(queryParameter(request, TRY_AGAIN_PARAMETER))) {
				// Answered with 1013 on an open socket, which a browser can see.
				return closedAtOnce(subprotocol, CloseStatus.TRY_AGAIN_LATER,
						"Try again in " + RETRY_AFTER_SECONDS + " s");
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
			rejected(observed, HandshakeRejection.ERROR);
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
			rejected(observed, HandshakeRejection.REFUSED);
			this.lifecycle.abandon(null, connection);
			// Its constructor takes a message; getMessage() cannot tell NullAway so.
			return new HandshakeOutcome.Refused(ex.status(),
					Objects.requireNonNull(ex.getMessage(), "A HandshakeRefusedException has a message"));
		}
		catch (Exception ex) {
			logger.error("Starting the server of " + route + " failed; answering 500", ex);
			rejected(observed, HandshakeRejection.ERROR);
			this.lifecycle.abandon(null, connection);
			return new HandshakeOutcome.Refused(HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket server failed to start");
		}
		finally {
			connection.handshakeDone();
		}
		this.lifecycle.upgrading(connection, server);
		TransportListener socket = connection;
		if (speaksResume) {
			SocketLimits limits = this.context.limits();
			socket = connection.isResumable()
					? ResumeLink.first(new ResumableTransport(connection.webSocketId(), connection,
							limits.resumeGrace(), limits.resumeBufferSize(), this.lifecycle), connection)
					: new PlainHello(connection);
		}
		return new HandshakeOutcome.Accepted(socket, connection.subprotocol(), this.context.limits(),
				this.policy.permessageDeflate(), () -> this.lifecycle.upgradeFailed(connection));
	}

	/**
	 * A client resumes socket {@code id}: the same socket goes on on the new connection
	 * once the client's resume message proves it holds the socket's secret.
	 */
	private HandshakeOutcome resume(Route route, HandshakeRequest request, @Nullable String subprotocol, String id,
			HandshakeObservationContext observed) {
		Connection connection = this.lifecycle.open().get(id);
		ResumableTransport resumable = (connection != null) ? connection.resumableTransport() : null;
		String refused = refusedResume(route, request, subprotocol, connection, resumable, id);
		if (refused != null || connection == null || resumable == null) {
			logger.debug("Refused to resume WebSocket " + WebSocketIds.shown(id) + " of " + route + ": " + refused);
			rejected(observed, HandshakeRejection.RESUME);
			return closedAtOnce(subprotocol, ResumeProtocol.REFUSED,
					ResumeProtocol.refusal(Objects.requireNonNullElse(refused, "no such socket")));
		}
		observed.resumed();
		Runnable refusedOnceOpen = () -> this.lifecycle.handshakeRejected(HandshakeRejection.RESUME);
		return new HandshakeOutcome.Accepted(ResumeLink.resuming(resumable, connection, refusedOnceOpen),
				connection.subprotocol(), this.context.limits(), this.policy.permessageDeflate(), () -> {
				});
	}

	private @Nullable String refusedResume(Route route, HandshakeRequest request, @Nullable String subprotocol,
			@Nullable Connection connection, @Nullable ResumableTransport resumable, String id) {
		if (connection == null && isOnAnotherNode(id)) {
			// Short: a close reason is at most 123 bytes.
			return "the socket is on another node: route a client to one node";
		}
		if (connection == null || resumable == null || resumable.hasEnded()) {
			return "no such resumable socket: it has ended, or it never was one";
		}
		if (!connection.route().equals(route)) {
			return "the socket is another server's";
		}
		if (!Objects.equals(subprotocol, connection.subprotocol())) {
			return "the socket speaks another subprotocol";
		}
		String session = connection.sessionId();
		if (session != null && !session.equals(request.sessionId())) {
			return "the socket belongs to another HTTP session";
		}
		Principal user = connection.handshakePrincipal();
		Principal asking = request.handshake(subprotocol).principal();
		if (user != null && (asking == null || !user.getName().equals(asking.getName()))) {
			return "the socket belongs to another user";
		}
		return null;
	}

	/**
	 * Whether another node holds the socket; asked only for a resume this node cannot
	 * take.
	 */
	private boolean isOnAnotherNode(String id) {
		CspWebSocketsCluster cluster = this.lifecycle.cluster();
		try {
			return cluster != null && cluster.openServer(id) != null;
		}
		catch (WebSocketClusterException ex) {
			logger.debug("Could not ask the cluster where WebSocket " + WebSocketIds.shown(id) + " is", ex);
			return false;
		}
	}

	private HandshakeOutcome.Accepted closedAtOnce(@Nullable String subprotocol, int code, String reason) {
		return new HandshakeOutcome.Accepted(new ClosedAtOnce(code, reason), subprotocol, this.context.limits(), false,
				() -> {
				});
	}

	/**
	 * A query parameter, parsed only when the query names it: most handshakes have none.
	 */
	private static @Nullable String queryParameter(HandshakeRequest request, String name) {
		String query = request.uri().getRawQuery();
		if (query == null || !query.contains(name)) {
			return null;
		}
		return UriComponentsBuilder.fromUri(request.uri()).build().getQueryParams().getFirst(name);
	}

	private void rejected(HandshakeObservationContext observed, HandshakeRejection rejection) {
		observed.refused(rejection);
		this.lifecycle.handshakeRejected(rejection);
	}

	@Override
	public void notFound() {
		this.lifecycle.handshakeRejected(HandshakeRejection.NOT_FOUND);
	}

}
