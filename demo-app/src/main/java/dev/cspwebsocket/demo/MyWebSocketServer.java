package dev.cspwebsocket.demo;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The IRIS guide's example server: echoes every message whole, text or binary, pushes
 * "Server timed-out at ..." each time a read times out, and ends when the client sends
 * {@code exit}.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass(value = "MyApp.MyWebSocketServer", subprotocols = "chat")
public class MyWebSocketServer extends CspWebSocket {

	// Always with the seconds: LocalTime's own text leaves out zero seconds.
	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	private final Duration timeout;

	MyWebSocketServer(@Value("${demo.echo.timeout:10s}") Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	protected void server() {
		StringBuilder message = new StringBuilder();
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		while (true) {
			ReadResult result = read(this.timeout);
			if (result instanceof ReadResult.Closed) {
				return;
			}
			if (result instanceof ReadResult.Timeout) {
				write("Server timed-out at " + LocalTime.now().format(CLOCK));
			}
			else if (result instanceof ReadResult.Binary binary) {
				// As for text: a message longer than one read comes in pieces.
				data.writeBytes(binary.data());
				if (binary.atEnd()) {
					write(data.toByteArray());
					data.reset();
				}
			}
			else if (result instanceof ReadResult.Text text) {
				// A message longer than one read comes in pieces: echo it whole.
				message.append(text.data());
				if (text.atEnd()) {
					if ("exit".contentEquals(message)) {
						break;
					}
					write(message.toString());
					message.setLength(0);
				}
			}
		}
		endServer();
	}

}
