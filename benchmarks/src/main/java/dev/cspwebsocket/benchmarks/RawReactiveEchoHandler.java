package dev.cspwebsocket.benchmarks;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The baseline on WebFlux: what a Spring user writes without this project. Echoes each
 * text message as it comes, on Netty's event loop.
 *
 * @author csp-websocket-spring-boot
 */
class RawReactiveEchoHandler implements WebSocketHandler {

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.send(session.receive().map((message) -> session.textMessage(message.getPayloadAsText())));
	}

}
