package dev.cspwebsocket.demo;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pushes to every chat socket from an HTTP request's thread. The body is the message as
 * it is, in {@code text/plain}: a form-encoded body (curl's {@code -d} without a content
 * type) is answered 415, as it would reach the chat encoded.
 *
 * @author csp-websocket-spring-boot
 */
@RestController
class ChatController {

	private final ChatRoom room;

	ChatController(ChatRoom room) {
		this.room = room;
	}

	@PostMapping(path = "/chat/broadcast", consumes = MediaType.TEXT_PLAIN_VALUE)
	ChatRoom.Delivery broadcast(@RequestBody String message) {
		return this.room.broadcast(message);
	}

}
