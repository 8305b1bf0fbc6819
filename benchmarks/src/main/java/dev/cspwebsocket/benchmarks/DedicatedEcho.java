package dev.cspwebsocket.benchmarks;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

import org.springframework.stereotype.Component;

/**
 * The CSP model's straight-line echo: a dedicated socket whose {@code server()} reads and
 * writes until the client closes, text as text and binary as binary.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Bench.DedicatedEcho")
public class DedicatedEcho extends CspWebSocket {

	@Override
	protected void server() {
		StringBuilder message = new StringBuilder();
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		while (true) {
			ReadResult result = read(Duration.ofHours(1));
			if (result instanceof ReadResult.Closed) {
				return;
			}
			// A message larger than the container's buffer comes in pieces: echo it
			// whole, text as text and binary as binary.
			if (result instanceof ReadResult.Text text) {
				if (text.atEnd() && message.isEmpty()) {
					write(text.data());
				}
				else {
					message.append(text.data());
					if (text.atEnd()) {
						write(message.toString());
						message.setLength(0);
					}
				}
			}
			else if (result instanceof ReadResult.Binary binary) {
				if (binary.atEnd() && data.size() == 0) {
					write(binary.data());
				}
				else {
					data.writeBytes(binary.data());
					if (binary.atEnd()) {
						write(data.toByteArray());
						data.reset();
					}
				}
			}
		}
	}

}
