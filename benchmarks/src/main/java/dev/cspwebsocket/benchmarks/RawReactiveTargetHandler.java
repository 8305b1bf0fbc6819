package dev.cspwebsocket.benchmarks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The broadcast's baseline on WebFlux: a {@code WebSocketHandler} that keeps its open
 * sessions until their clients close, and for each of them a {@code send} of a
 * one-message {@code Mono}, subscribed from the writing thread. That is what WebFlux
 * offers for a message that comes from outside the session's handler: Reactor Netty's
 * session takes a {@code send} beside the handler's own. A sink per session, drained by
 * the handler's one {@code send}, would do the same through a queue, and would not tell
 * when a message leaves; a {@code send}'s {@code Mono} completes once Netty has written
 * the frame to the connection, which is when the message counts as sent.
 *
 * @author csp-websocket-spring-boot
 */
class RawReactiveTargetHandler implements WebSocketHandler, RawTargets {

	private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		this.sessions.add(session);
		return session.receive().then().doFinally((signal) -> this.sessions.remove(session));
	}

	@Override
	public int count() {
		return this.sessions.size();
	}

	@Override
	public long writeToAll(String message, Runnable sent) {
		long written = 0;
		for (WebSocketSession session : this.sessions) {
			Mono<Void> sending = session.send(Mono.just(session.textMessage(message)));
			// A session closed meanwhile fails it: never counted as sent.
			sending.subscribe(null, (closed) -> {
			}, sent);
			written++;
		}
		return written;
	}

}
