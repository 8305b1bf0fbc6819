package dev.cspwebsocket.demo;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pushes to every chat socket from an HTTP request's thread.
 *
 * @author csp-websocket-spring-boot
 */
@RestController
class ChatController {

	private final ChatRoom room;

	ChatController(ChatRoom room) {
		this.room = room;
	}

	@PostMapping("/chat/broadcast")
	ChatRoom.Delivery broadcast(@RequestBody String message) {
		return this.room.broadcast(message);
	}

}
