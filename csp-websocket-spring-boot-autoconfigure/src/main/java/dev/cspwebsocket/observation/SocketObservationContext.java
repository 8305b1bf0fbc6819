package dev.cspwebsocket.observation;

import dev.cspwebsocket.CloseReason;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * A socket's opening or its close, as observed: the socket's application, server class,
 * mode and short id, and for a close its code and class. Made and read by one thread; not
 * thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class SocketObservationContext extends Observation.Context {

	private final String application;

	private final String serverClass;

	private final boolean shared;

	private final String webSocketId;

	private final @Nullable Integer closeCode;

	private final @Nullable CloseReason closeReason;

	/**
	 * Create the context of a socket's opening ({@code closeCode} and {@code closeReason}
	 * {@code null}) or close.
	 * @param application the CSP application of the URL
	 * @param serverClass the server class
	 * @param shared whether the socket is a shared-connection socket
	 * @param webSocketId the socket's short id, as logged: never its whole id
	 * @param closeCode the close code, when closed
	 * @param closeReason the class of the close, when closed
	 */
	public SocketObservationContext(String application, String serverClass, boolean shared, String webSocketId,
			@Nullable Integer closeCode, @Nullable CloseReason closeReason) {
		this.application = application;
		this.serverClass = serverClass;
		this.shared = shared;
		this.webSocketId = webSocketId;
		this.closeCode = closeCode;
		this.closeReason = closeReason;
	}

	/**
	 * The CSP application of the URL.
	 * @return the application
	 */
	public String getApplication() {
		return this.application;
	}

	/**
	 * The server class.
	 * @return the server class
	 */
	public String getServerClass() {
		return this.serverClass;
	}

	/**
	 * Whether the socket is a shared-connection socket.
	 * @return whether shared
	 */
	public boolean isShared() {
		return this.shared;
	}

	/**
	 * The socket's short id, as the starter logs it.
	 * @return the short id
	 */
	public String getWebSocketId() {
		return this.webSocketId;
	}

	/**
	 * Whether this is the socket's close, not its opening.
	 * @return whether closed
	 */
	public boolean isClosed() {
		return this.closeReason != null;
	}

	/**
	 * The close code.
	 * @return the code, or {@code null} for an opening
	 */
	public @Nullable Integer getCloseCode() {
		return this.closeCode;
	}

	/**
	 * The class of the close.
	 * @return the class, or {@code null} for an opening
	 */
	public @Nullable CloseReason getCloseReason() {
		return this.closeReason;
	}

}
