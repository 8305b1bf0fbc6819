package dev.cspwebsocket.benchmarks.driver;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One closed-loop client: one message out at a time, the next sent when the echo is in.
 * Called by the JDK client's threads one event at a time.
 *
 * @author csp-websocket-spring-boot
 */
final class EchoClient implements WebSocket.Listener {

	private final String payload;

	private final @Nullable Recorder latencies;

	private final AtomicBoolean measuring;

	private final AtomicBoolean running;

	private final AtomicLong completed;

	private final StringBuilder received = new StringBuilder();

	private volatile @Nullable WebSocket socket;

	private volatile long sentAt;

	private volatile @Nullable CountDownLatch echoed;

	EchoClient(String payload, @Nullable Recorder latencies, AtomicBoolean measuring, AtomicBoolean running,
			AtomicLong completed) {
		this.payload = payload;
		this.latencies = latencies;
		this.measuring = measuring;
		this.running = running;
		this.completed = completed;
	}

	WebSocket socket() {
		WebSocket socket = this.socket;
		if (socket == null) {
			throw new IllegalStateException("Not open");
		}
		return socket;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.socket = webSocket;
		webSocket.request(1);
	}

	/** Send the first message of the loop. */
	void start() {
		send();
	}

	/** Send one message and count down when its echo is in. */
	void echoOnce(CountDownLatch echoed) {
		this.echoed = echoed;
		send();
	}

	private void send() {
		this.sentAt = System.nanoTime();
		socket().sendText(this.payload, true);
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.received.append(data);
		if (last) {
			long nanos = System.nanoTime() - this.sentAt;
			this.received.setLength(0);
			if (this.measuring.get() && this.latencies != null) {
				this.latencies.recordValue(nanos);
				this.completed.incrementAndGet();
			}
			CountDownLatch echoed = this.echoed;
			if (echoed != null) {
				echoed.countDown();
			}
			if (this.running.get()) {
				send();
			}
		}
		webSocket.request(1);
		return null;
	}

}
