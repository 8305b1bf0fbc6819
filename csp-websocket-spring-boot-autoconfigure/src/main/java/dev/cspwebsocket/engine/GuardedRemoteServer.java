package dev.cspwebsocket.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.time.Duration;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A socket of another node as the engine hands it out: every operation that goes to the
 * other node waits for its answer, so it is refused at once on a thread that must not
 * block ({@link NonBlockingThreads}); what the handle knows itself is not. Thread-safe as
 * the handle it guards.
 *
 * @author csp-websocket-spring-boot
 */
final class GuardedRemoteServer implements WebSocketServer {

	private final WebSocketServer remote;

	private GuardedRemoteServer(WebSocketServer remote) {
		this.remote = remote;
	}

	static WebSocketServer of(WebSocketServer remote) {
		return (remote instanceof GuardedRemoteServer) ? remote : new GuardedRemoteServer(remote);
	}

	private void assertMayBlock(String operation) {
		NonBlockingThreads.assertMayBlock(operation + " on WebSocket " + WebSocketIds.shown(this.remote.webSocketId())
				+ " of another node, which waits for that node,");
	}

	@Override
	public ReadResult read(Duration timeout) {
		assertMayBlock("read()");
		return this.remote.read(timeout);
	}

	@Override
	public ReadResult read(int maxLength, Duration timeout) {
		assertMayBlock("read()");
		return this.remote.read(maxLength, timeout);
	}

	@Override
	public void write(String text) {
		assertMayBlock("write()");
		this.remote.write(text);
	}

	@Override
	public void write(byte[] data) {
		assertMayBlock("write()");
		this.remote.write(data);
	}

	@Override
	public void write(Reader text) throws IOException {
		assertMayBlock("write()");
		this.remote.write(text);
	}

	@Override
	public void write(InputStream data) throws IOException {
		assertMayBlock("write()");
		this.remote.write(data);
	}

	@Override
	public void endServer() {
		assertMayBlock("endServer()");
		this.remote.endServer();
	}

	@Override
	public boolean isOpen() {
		assertMayBlock("isOpen()");
		return this.remote.isOpen();
	}

	@Override
	public String webSocketId() {
		return this.remote.webSocketId();
	}

	@Override
	public @Nullable String sessionId() {
		return this.remote.sessionId();
	}

	@Override
	public @Nullable String subprotocol() {
		return this.remote.subprotocol();
	}

	@Override
	public String application() {
		return this.remote.application();
	}

	@Override
	public String serverClass() {
		return this.remote.serverClass();
	}

	@Override
	public boolean isSharedConnection() {
		return this.remote.isSharedConnection();
	}

	@Override
	public String toString() {
		return this.remote.toString();
	}

}
