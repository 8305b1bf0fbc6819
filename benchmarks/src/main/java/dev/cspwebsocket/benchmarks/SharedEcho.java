package dev.cspwebsocket.benchmarks;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

import org.springframework.stereotype.Component;

/**
 * The CSP model's event-driven echo: a shared socket that answers in
 * {@code onClientMessage()}, text as text and binary as binary; resumable when the URL
 * says {@code ?resumable}, for the memory of resumable sockets ({@code ResumeHeap}).
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Bench.SharedEcho")
public class SharedEcho extends CspWebSocket {

	@Override
	protected void onPreServer() {
		setSharedConnection(true);
		setResumable(handshake().queryParameter("resumable") != null);
	}

	@Override
	protected void server() {
		// The socket stays open; messages come to onClientMessage().
	}

	@Override
	protected boolean onClientMessage(ReadResult.Message message) {
		if (message instanceof ReadResult.Text text) {
			write(text.data());
		}
		else if (message instanceof ReadResult.Binary binary) {
			write(binary.data());
		}
		return true;
	}

}
