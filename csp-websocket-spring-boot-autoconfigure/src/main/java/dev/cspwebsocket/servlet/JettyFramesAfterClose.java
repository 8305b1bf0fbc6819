package dev.cspwebsocket.servlet;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.AbstractExtension;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A Jetty extension of the starter's own, on every socket that {@link JettyUpgrade}
 * opens, that drops what a client sends after its close frame. RFC 6455 (5.5.1) has a
 * client send nothing after its close, and a server ignore what comes. Jetty reads on
 * after a close until the connection ends, and takes any frame it reads then as an error
 * that drops the connection at once, without a close frame: the answer to the client's
 * close, which {@link JettyTransport} holds until the server's answers are out, would be
 * lost (Autobahn 7.1.2 to 7.1.5, whenever a frame came before the answer). Frames that
 * Jetty's parser refuses outright never get here: Jetty fails those with a close frame of
 * its own, as before.
 * <p>
 * Its name begins with {@code @}: Jetty's mark of an internal extension, which a client
 * need not offer, and which the handshake's response does not name. Public only because
 * Jetty makes it reflectively; internal to the starter. Jetty hands it one frame at a
 * time.
 *
 * @author csp-websocket-spring-boot
 */
public final class JettyFramesAfterClose extends AbstractExtension {

	/** The extension's name, as Jetty's registry knows it. */
	static final String NAME = "@csp-frames-after-close";

	private volatile boolean clientClosed;

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public void onFrame(Frame frame, Callback callback) {
		if (this.clientClosed) {
			callback.succeeded();
			return;
		}
		if (frame.getOpCode() == OpCode.CLOSE) {
			this.clientClosed = true;
		}
		nextIncomingFrame(frame, callback);
	}

}
