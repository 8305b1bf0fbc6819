package dev.cspwebsocket.benchmarks;

import java.time.Duration;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

import org.springframework.stereotype.Component;

/**
 * The CSP model's straight-line echo: a dedicated socket whose {@code server()} reads and
 * writes until the client closes.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Bench.DedicatedEcho")
public class DedicatedEcho extends CspWebSocket {

	@Override
	protected void server() {
		StringBuilder message = new StringBuilder();
		while (true) {
			ReadResult result = read(Duration.ofHours(1));
			if (result instanceof ReadResult.Closed) {
				return;
			}
			// A message larger than the container's buffer comes in pieces: echo it
			// whole.
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
		}
	}

}
