package dev.cspwebsocket.benchmarks.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opens and closes many client sockets at once, with a bound on the handshakes under way
 * so that a server's accept queue is not what is measured. Stateless.
 *
 * @author csp-websocket-spring-boot
 */
final class Sockets {

	/** How many handshakes may be under way at once. */
	private static final int CONNECTING = 200;

	private Sockets() {
	}

	/** Open {@code count} sockets to {@code uri}, each with a listener of its own. */
	static List<WebSocket> open(HttpClient http, URI uri, int count, Supplier<WebSocket.Listener> listeners,
			String... subprotocols) throws Exception {
		Semaphore inFlight = new Semaphore(CONNECTING);
		List<CompletableFuture<WebSocket>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
			if (subprotocols.length > 0) {
				builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
			}
			futures.add(builder.buildAsync(uri, listeners.get()).whenComplete((socket, failure) -> inFlight.release()));
		}
		List<WebSocket> sockets = new ArrayList<>();
		for (CompletableFuture<WebSocket> future : futures) {
			sockets.add(future.get(60, TimeUnit.SECONDS));
		}
		return sockets;
	}

	/** Start every socket's close handshake. */
	static void closeAll(List<WebSocket> sockets) {
		sockets.forEach((socket) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
	}

}
