package dev.cspwebsocket.demo;

import java.security.Principal;
import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * A dedicated server that runs in the security context of its HTTP session: it greets the
 * logged-in user and keeps a note in the session, where the next socket (or page) of the
 * session finds it. Exposed only by the {@code secure} application, which needs a login.
 * Logging out ends the session, which closes the socket with 1008.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("MyApp.Notepad")
public class NotepadServer extends CspWebSocket {

	static final String NOTE = "demo.note";

	@Override
	protected void server() {
		Principal user = principal();
		HttpSession session = session(HttpSession.class);
		write("Hello, " + ((user != null) ? user.getName() : "stranger") + " (Spring Security sees "
				+ SecurityContextHolder.getContext().getAuthentication().getName() + "). Your note: "
				+ noteOf(session));
		while (true) {
			ReadResult result = read(Duration.ofMinutes(30));
			if (result instanceof ReadResult.Closed) {
				return;
			}
			if (result instanceof ReadResult.Text text && text.atEnd()) {
				session.setAttribute(NOTE, text.data());
				write("Saved in your HTTP session: " + text.data());
			}
		}
	}

	private static String noteOf(HttpSession session) {
		Object note = session.getAttribute(NOTE);
		return (note != null) ? note.toString() : "(none yet)";
	}

}
