package dev.cspwebsocket.benchmarks;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The baseline on WebFlux: what a Spring user writes without this project. Echoes each
 * message as it comes, text as text and binary as binary, on Netty's event loop.
 *
 * @author csp-websocket-spring-boot
 */
class RawReactiveEchoHandler implements WebSocketHandler {

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.send(session.receive()
			.filter((message) -> message.getType() == WebSocketMessage.Type.TEXT
					|| message.getType() == WebSocketMessage.Type.BINARY)
			.map((message) -> (message.getType() == WebSocketMessage.Type.TEXT)
					? session.textMessage(message.getPayloadAsText())
					: session.binaryMessage((buffers) -> buffers.wrap(bytes(message.getPayload())))));
	}

	/** A copy: the received buffer is released once the message is handled. */
	private static byte[] bytes(DataBuffer payload) {
		byte[] bytes = new byte[payload.readableByteCount()];
		payload.read(bytes);
		return bytes;
	}

}
