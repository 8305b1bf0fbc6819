package dev.cspwebsocket.reactive;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.routing.Route;
import dev.cspwebsocket.transport.CspHandshakes;
import dev.cspwebsocket.transport.HandshakeOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.util.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.session.WebSessionStore;

/**
 * Serves the handshakes of one server URL on WebFlux: the exchange's session, user and
 * security context are resolved first, then the engine accepts or refuses the handshake
 * on a thread that may block ({@code onPreServer()} is the application's code), and an
 * accepted one is upgraded by Reactor Netty. Stateless apart from its route; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspReactiveHandshakeHandler implements WebHandler {

	private static final Log logger = LogFactory.getLog(CspReactiveHandshakeHandler.class);

	private final Route route;

	private final CspHandshakes handshakes;

	private final @Nullable WebSessionStore store;

	CspReactiveHandshakeHandler(Route route, CspHandshakes handshakes, @Nullable WebSessionStore store) {
		this.route = route;
		this.handshakes = handshakes;
		this.store = store;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		Mono<Optional<Principal>> principal = ReactiveSecurity.principal(exchange);
		return Mono.zip(exchange.getSession(), principal, ReactiveSecurity.authentication())
			.flatMap((resolved) -> take(new ReactiveHandshakeRequest(exchange.getRequest(), resolved.getT1(),
					this.store, resolved.getT2().orElse(null)), resolved.getT3()))
			.flatMap((outcome) -> (outcome instanceof HandshakeOutcome.Refused refused)
					? refuse(exchange.getResponse(), refused) : upgrade(exchange, (HandshakeOutcome.Accepted) outcome));
	}

	/**
	 * Take the handshake on a thread that may block, apart from the exchange's
	 * subscription: a client that leaves must not interrupt {@code onPreServer()}, which
	 * is the application's code; its server, once made, is ended as for a failed upgrade.
	 */
	private Mono<HandshakeOutcome> take(ReactiveHandshakeRequest request, Optional<Object> authentication) {
		return Mono.deferContextual((context) -> {
			// WebFlux keeps the request's observation in the Reactor context, not in a
			// thread-local: current on the handshake's thread, it is the parent of the
			// handshake's, whose trace the socket's callbacks then carry.
			Observation requestObservation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			CompletableFuture<HandshakeOutcome> taken = new CompletableFuture<>();
			Schedulers.boundedElastic().schedule(() -> {
				try (Observation.Scope scope = (requestObservation != null) ? requestObservation.openScope() : null) {
					taken.complete(
							ReactiveSecurity.runAs(authentication, () -> this.handshakes.accept(this.route, request)));
				}
				catch (Throwable ex) {
					taken.completeExceptionally(ex);
				}
			});
			return Mono.fromFuture(taken, true).doOnCancel(() -> taken.thenAccept((outcome) -> {
				if (outcome instanceof HandshakeOutcome.Accepted accepted) {
					accepted.upgradeFailed();
				}
			}));
		});
	}

	private Mono<Void> upgrade(ServerWebExchange exchange, HandshakeOutcome.Accepted accepted) {
		ServerHttpResponse response = exchange.getResponse();
		HttpServerResponse reactorResponse;
		try {
			reactorResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("CSP WebSockets on WebFlux need Reactor Netty; answering 500", ex);
			accepted.upgradeFailed();
			return refuse(response, new HandshakeOutcome.Refused(HttpStatus.INTERNAL_SERVER_ERROR,
					"The WebSocket upgrade failed", new HttpHeaders()));
		}
		int maxFramePayloadLength = maxFramePayloadLength(accepted.limits());
		WebsocketServerSpec.Builder spec = WebsocketServerSpec.builder()
			.maxFramePayloadLength(maxFramePayloadLength)
			.compress(accepted.permessageDeflate());
		if (accepted.subprotocol() != null) {
			spec.protocols(accepted.subprotocol());
		}
		// Committing first runs WebFlux's actions before the answer: the session is saved
		// and its cookie goes with the 101.
		return response.setComplete()
			.then(Mono.fromRunnable(
					() -> reactorResponse.withConnection((connection) -> EarlyFrames.hold(connection.channel()))))
			.then(Mono.defer(() -> sendWebsocket(reactorResponse, accepted, maxFramePayloadLength, spec.build())))
			.doOnError((ex) -> {
				if (ex instanceof AbortedException) {
					logger.debug("The client of a handshake for " + this.route + " left before its upgrade", ex);
				}
				else {
					logger.warn("Upgrading a handshake for " + this.route + " failed", ex);
				}
				accepted.upgradeFailed();
			})
			// Ended before the socket opened (the client left): its server ends too. Once
			// open, the socket is no longer upgrading, and this does nothing.
			.doOnCancel(accepted::upgradeFailed)
			// When no socket opened, what came goes on as it would, read as it would:
			// with reading off, the connection would never see its client leave.
			.doFinally((signal) -> reactorResponse
				.withConnection((connection) -> EarlyFrames.release(connection.channel())));
	}

	/**
	 * Upgrade, in a context of its own: Reactor Netty keeps the context of the upgrade
	 * for the socket's life, in its subscriber to the socket's end, and the exchange's
	 * holds the exchange, its attributes and the request's observations (some 7 KB a
	 * socket). The socket needs none of them: its server has its own thread and security
	 * context, and its handshake's observation lets go of the request's once stopped.
	 */
	private static Mono<Void> sendWebsocket(HttpServerResponse response, HandshakeOutcome.Accepted accepted,
			int maxFramePayloadLength, WebsocketServerSpec spec) {
		return response.sendWebsocket(
				(in, out) -> NettyTransport.open(in, accepted.socket(), accepted.limits(), maxFramePayloadLength), spec)
			.contextWrite((context) -> Context.empty());
	}

	/**
	 * Netty takes a frame whole, so a frame may be as long as the longest message; the
	 * engine closes a longer message with 1009 as its parts come.
	 */
	private static int maxFramePayloadLength(SocketLimits limits) {
		return (int) Math.min(Integer.MAX_VALUE - 8,
				Math.max(limits.maxTextMessageSize(), limits.maxBinaryMessageSize()));
	}

	private static Mono<Void> refuse(ServerHttpResponse response, HandshakeOutcome.Refused refused) {
		response.setStatusCode(refused.status());
		response.getHeaders().addAll(refused.headers());
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
		byte[] reason = refused.reason().getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(reason)));
	}

}
