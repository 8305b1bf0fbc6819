package dev.cspwebsocket.testapp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;

import org.springframework.stereotype.Component;

/**
 * A dedicated server whose {@code server()} writes "t:i" from {@code threads} threads,
 * {@code count} messages each, at once; then waits for the client to close.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Test.Flood")
public class FloodServer extends CspWebSocket {

	private int threads;

	private int count;

	@Override
	protected void onPreServer() {
		this.threads = Integer.parseInt(handshake().queryParameter("threads"));
		this.count = Integer.parseInt(handshake().queryParameter("count"));
	}

	@Override
	protected void server() throws InterruptedException {
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < this.threads; t++) {
			int thread = t;
			writers.add(new Thread(() -> {
				for (int i = 0; i < this.count; i++) {
					write(thread + ":" + i);
				}
			}));
		}
		writers.forEach(Thread::start);
		for (Thread writer : writers) {
			writer.join();
		}
		while (!(read(Duration.ofMinutes(1)) instanceof ReadResult.Closed)) {
			// Until the client closes.
		}
	}

}
