package dev.cspwebsocket.benchmarks.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a resumable socket costs in memory: the heap per idle shared socket of the
 * benchmark server's {@code Bench.SharedEcho}, not resumable, then resumable (its client
 * asks for the resume protocol) while connected, then while away (its connection aborted
 * without a close, within the grace period). Each after a full GC, as {@link IdleHeap}
 * reads it.
 * <p>
 * Usage: {@code ResumeHeap <port> <server pid> <sockets>}; prints a table row.
 *
 * @author csp-websocket-spring-boot
 */
public final class ResumeHeap {

	private static final String PATH = "/csp/bench/Bench.SharedEcho.cls";

	private ResumeHeap() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		IdleHeap heap = new IdleHeap(URI.create("ws://localhost:" + port), Long.parseLong(args[1]), "");
		int sockets = Integer.parseInt(args[2]);
		HttpClient http = HttpClient.newHttpClient();
		Supplier<WebSocket.Listener> idle = () -> new WholeTexts((text) -> {
		});
		// As many as measured, once each way first: the container's caches of connection
		// objects grow to
		// their size and stay, so that each measurement starts from the same heap.
		URI plainUri = URI.create("ws://localhost:" + port + PATH);
		URI resumableUri = URI.create("ws://localhost:" + port + PATH + "?resumable&csp-resume=1");
		Sockets.closeAll(Sockets.open(http, plainUri, sockets, idle));
		Sockets.closeAll(Sockets.open(http, resumableUri, sockets, idle));
		Thread.sleep(2000);
		long empty = heap.liveHeap();
		List<WebSocket> plain = Sockets.open(http, plainUri, sockets, idle);
		Thread.sleep(5000);
		long plainHeap = heap.liveHeap();
		Sockets.closeAll(plain);
		Thread.sleep(2000);
		long emptyAgain = heap.liveHeap();
		List<WebSocket> resumable = Sockets.open(http, resumableUri, sockets, idle);
		Thread.sleep(5000);
		long connectedHeap = heap.liveHeap();
		// Dropped without a close: the server keeps each socket away for its grace
		// period.
		resumable.forEach(WebSocket::abort);
		Thread.sleep(5000);
		long awayHeap = heap.liveHeap();
		System.out.printf("| %d | %d | %d | %d |%n", sockets, (plainHeap - empty) / sockets,
				(connectedHeap - emptyAgain) / sockets, (awayHeap - emptyAgain) / sockets);
		System.exit(0);
	}

}
