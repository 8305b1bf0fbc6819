package dev.cspwebsocket.observation;

import dev.cspwebsocket.HandshakeRejection;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What is known of a handshake of a server class as it is observed: its application and
 * server class, then its outcome. Used by one handshake's thread only; not thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class HandshakeObservationContext extends Observation.Context {

	private final String application;

	private final String serverClass;

	private Outcome outcome = Outcome.ACCEPTED;

	private @Nullable HandshakeRejection rejection;

	/**
	 * Create the context of a handshake.
	 * @param application the CSP application of the URL
	 * @param serverClass the server class
	 */
	public HandshakeObservationContext(String application, String serverClass) {
		this.application = application;
		this.serverClass = serverClass;
	}

	/**
	 * The CSP application of the URL, such as {@code user} for {@code /csp/user/}.
	 * @return the application
	 */
	public String getApplication() {
		return this.application;
	}

	/**
	 * The server class, such as {@code MyApp.MyWebSocketServer}.
	 * @return the server class
	 */
	public String getServerClass() {
		return this.serverClass;
	}

	/**
	 * How the handshake ended; {@link Outcome#ACCEPTED} until told otherwise.
	 * @return the outcome
	 */
	public Outcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Why the handshake was refused.
	 * @return the reason, or {@code null} unless refused
	 */
	public @Nullable HandshakeRejection getRejection() {
		return this.rejection;
	}

	/**
	 * The handshake was refused.
	 * @param rejection why
	 */
	public void refused(HandshakeRejection rejection) {
		this.outcome = Outcome.REFUSED;
		this.rejection = rejection;
	}

	/** The handshake resumed a socket that already exists. */
	public void resumed() {
		this.outcome = Outcome.RESUMED;
	}

	/** How a handshake ended. */
	public enum Outcome {

		/** A socket opens. */
		ACCEPTED,

		/**
		 * Answered with an HTTP error, or with a socket closed at once (1013, a refused
		 * resume's 4010).
		 */
		REFUSED,

		/** A resumable socket goes on on this connection, once the client proves it. */
		RESUMED

	}

}
