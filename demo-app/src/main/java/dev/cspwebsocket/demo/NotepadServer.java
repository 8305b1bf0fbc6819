package dev.cspwebsocket.demo;

import java.security.Principal;
import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.WebSession;

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
		Object note = note();
		write("Hello, " + ((user != null) ? user.getName() : "stranger") + " (Spring Security sees "
				+ SecurityContextHolder.getContext().getAuthentication().getName() + "). Your note: "
				+ ((note != null) ? note : "(none yet)"));
		while (true) {
			ReadResult result = read(Duration.ofMinutes(30));
			if (result instanceof ReadResult.Closed) {
				return;
			}
			if (result instanceof ReadResult.Text text && text.atEnd()) {
				saveNote(text.data());
				write("Saved in your HTTP session: " + text.data());
			}
		}
	}

	// The session is an HttpSession on Tomcat and Jetty, a WebSession on WebFlux. No
	// method
	// names either type: Spring reads every method of a bean, and one without its class
	// on the classpath would fail.

	private @Nullable Object note() {
		Object session = session(Object.class);
		return (session instanceof WebSession web) ? web.getAttribute(NOTE)
				: ((HttpSession) session).getAttribute(NOTE);
	}

	private void saveNote(String note) {
		Object session = session(Object.class);
		if (session instanceof WebSession web) {
			web.getAttributes().put(NOTE, note);
			// WebFlux saves a session with its requests: a socket saves it itself.
			web.save().block();
		}
		else {
			((HttpSession) session).setAttribute(NOTE, note);
		}
	}

}
