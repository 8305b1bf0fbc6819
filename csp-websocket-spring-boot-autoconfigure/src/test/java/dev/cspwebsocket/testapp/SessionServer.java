package dev.cspwebsocket.testapp;

import java.security.Principal;
import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.WebSession;

/**
 * A server that works with its HTTP session and identity, recording what it sees in
 * {@link ServerEvents}: {@code tag} names the socket; {@code shared} makes it a shared
 * socket, which records why it has no session or principal; {@code endOnClose} sets
 * {@code sessionEndOnClose}; {@code push} pushes "push" every 100 ms;
 * {@code store=NAME:VALUE} writes a session attribute in {@code onPreServer()}. Dedicated
 * messages: {@code get:NAME} answers the session attribute, {@code set:NAME=VALUE} writes
 * it and answers {@code ok}, {@code who} answers {@code principal|authentication};
 * anything else is echoed.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Test.Session")
public class SessionServer extends CspWebSocket {

	private final ServerEvents events;

	private ServerEvents.Seen seen = new ServerEvents.Seen();

	private boolean push;

	SessionServer(ServerEvents events) {
		this.events = events;
	}

	@Override
	protected void onPreServer() {
		this.seen = this.events.of(String.valueOf(handshake().queryParameter("tag")));
		this.seen.webSocketId = webSocketId();
		this.seen.sessionId = sessionId();
		setSharedConnection(handshake().queryParameter("shared") != null);
		setSessionEndOnClose(handshake().queryParameter("endOnClose") != null);
		this.push = handshake().queryParameter("push") != null;
		String store = handshake().queryParameter("store");
		if (store != null) {
			String[] nameAndValue = store.split(":", 2);
			setAttribute(nameAndValue[0], nameAndValue[1]);
		}
	}

	@Override
	protected void server() {
		this.seen.threadName = Thread.currentThread().getName();
		if (isSharedConnection()) {
			try {
				session(Object.class);
			}
			catch (IllegalStateException ex) {
				this.seen.detachedSession = ex.getMessage();
			}
			try {
				principal();
			}
			catch (IllegalStateException ex) {
				this.seen.detachedPrincipal = ex.getMessage();
			}
			return;
		}
		while (true) {
			ReadResult result = read(this.push ? Duration.ofMillis(100) : Duration.ofMinutes(1));
			if (result instanceof ReadResult.Closed) {
				this.seen.closed = result;
				return;
			}
			if (result instanceof ReadResult.Timeout) {
				write("push");
			}
			if (result instanceof ReadResult.Text text) {
				write(answer(text.data()));
			}
		}
	}

	private String answer(String message) {
		if (message.startsWith("get:")) {
			return String.valueOf(attribute(message.substring(4)));
		}
		if (message.startsWith("set:")) {
			String[] nameAndValue = message.substring(4).split("=", 2);
			setAttribute(nameAndValue[0], nameAndValue[1]);
			return "ok";
		}
		if (message.equals("who")) {
			Principal principal = principal();
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			return ((principal != null) ? principal.getName() : "none") + "|"
					+ ((authentication != null) ? authentication.getName() : "none");
		}
		return message;
	}

	private @Nullable Object attribute(String name) {
		return (WebServer.CURRENT == WebServer.REACTOR_NETTY) ? session(WebSession.class).getAttribute(name)
				: session(HttpSession.class).getAttribute(name);
	}

	private void setAttribute(String name, String value) {
		if (WebServer.CURRENT == WebServer.REACTOR_NETTY) {
			WebSession session = session(WebSession.class);
			session.getAttributes().put(name, value);
			// WebFlux saves a session with its request: a socket saves it itself.
			session.save().block();
		}
		else {
			session(HttpSession.class).setAttribute(name, value);
		}
	}

	@Override
	protected void onPostServer() {
		this.seen.postServer.incrementAndGet();
	}

}
