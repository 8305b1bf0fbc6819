package dev.cspwebsocket.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * One socket on Jakarta WebSocket: the container's endpoint, whose partial-message
 * handlers hand every part to the engine, and the engine's {@link Transport} through the
 * blocking {@code BasicRemote}. Reading pauses through Tomcat's {@code WsSession}; on
 * another Jakarta container it cannot. Sends follow the engine's rule of one thread at a
 * time; the rest is safe from any thread.
 *
 * @author csp-websocket-spring-boot
 */
final class TomcatTransport extends Endpoint implements Transport {

	/** The class that tells Tomcat: by name, as another Jakarta container lacks it. */
	static final String SESSION_CLASS = "org.apache.tomcat.websocket.WsSession";

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(SESSION_CLASS,
			TomcatTransport.class.getClassLoader());

	/**
	 * Tomcat's bounds on a blocking send, which free a writer stuck on a stalled client:
	 * for messages, and for the close frame Tomcat sends when the client breaks the
	 * protocol. The latter is 50 ms by default, which a send still in progress uses up,
	 * and then the client gets no close frame and no code.
	 */
	private static final List<String> SEND_TIMEOUTS = List.of("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT",
			"org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT");

	private final TransportListener socket;

	private final SocketLimits limits;

	private volatile @Nullable Session session;

	TomcatTransport(TransportListener socket, SocketLimits limits) {
		this.socket = socket;
		this.limits = limits;
	}

	@Override
	public void onOpen(Session session, EndpointConfig config) {
		// Parts of at most this size: the container's buffers stay small, and the size
		// limits are the engine's.
		session.setMaxTextMessageBufferSize(this.limits.messageBufferSize());
		session.setMaxBinaryMessageBufferSize(this.limits.messageBufferSize());
		SEND_TIMEOUTS
			.forEach((timeout) -> session.getUserProperties().put(timeout, this.limits.sendTimeLimit().toMillis()));
		session.addMessageHandler(String.class, (MessageHandler.Partial<String>) this.socket::text);
		session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this.socket::binary);
		session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) (pong) -> this.socket.pong());
		this.session = session;
		this.socket.opened(this);
	}

	@Override
	public void onClose(Session session, CloseReason closeReason) {
		String reason = closeReason.getReasonPhrase();
		this.socket.closed(closeReason.getCloseCode().getCode(), (reason != null) ? reason : "");
	}

	@Override
	public void onError(Session session, Throwable failure) {
		// The container reports the close that follows; the server sees it on read().
		this.socket.failure("Transport error", failure);
	}

	@Override
	public int sendText(String text, boolean last) throws IOException {
		session().getBasicRemote().sendText(text, last);
		return -1;
	}

	@Override
	public void sendBinary(ByteBuffer data, boolean last) throws IOException {
		session().getBasicRemote().sendBinary(data, last);
	}

	@Override
	public void sendPing() throws IOException {
		session().getBasicRemote().sendPing(ByteBuffer.allocate(0));
	}

	@Override
	public void close(int code, String reason) {
		try {
			session().close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
		}
		catch (IOException ex) {
			this.socket.failure("Closing failed", ex);
		}
	}

	@Override
	public boolean holdsCloseAnswer() {
		// Tomcat answers a close frame before it tells the endpoint.
		return false;
	}

	@Override
	public boolean takesSendsNow() {
		// Whether the client's connection has room is not to be known ahead of a send.
		return false;
	}

	@Override
	public boolean pauseReading() {
		return TOMCAT_PRESENT && Tomcat.suspend(session());
	}

	@Override
	public void resumeReading() {
		if (TOMCAT_PRESENT) {
			Tomcat.resume(session());
		}
	}

	private Session session() {
		Session session = this.session;
		Assert.state(session != null, "The socket is not open yet");
		return session;
	}

	/** Tomcat's own session; loaded only when Tomcat's WebSocket classes are present. */
	private static final class Tomcat {

		static boolean suspend(Session session) {
			if (session instanceof WsSession tomcat) {
				tomcat.suspend();
				return true;
			}
			return false;
		}

		static void resume(Session session) {
			if (session instanceof WsSession tomcat) {
				tomcat.resume();
			}
		}

	}

}
