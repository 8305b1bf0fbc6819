package dev.cspwebsocket.benchmarks.driver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The heap an idle socket holds in any application, not only the benchmark server: opens
 * sockets to a URL of a server running on this machine, and reads the server's live heap
 * with {@code jcmd <pid> GC.class_histogram} (a full GC first) before and after. So the
 * demo, with Spring Security, Actuator and Prometheus, is measured as the bare benchmark
 * server is.
 * <p>
 * Usage: {@code IdleHeap <port> <server pid> <path> <sockets> [subprotocol]}; prints the
 * heap per idle socket in bytes.
 *
 * @author csp-websocket-spring-boot
 */
public final class IdleHeap {

	/** Sockets opened and closed first, so that the server's pools and code are warm. */
	private static final int WARM_UP = 200;

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	private final long pid;

	private final String subprotocol;

	IdleHeap(URI uri, long pid, String subprotocol) {
		this.uri = uri;
		this.pid = pid;
		this.subprotocol = subprotocol;
	}

	public static void main(String[] args) throws Exception {
		IdleHeap heap = new IdleHeap(URI.create("ws://localhost:" + args[0] + args[2]), Long.parseLong(args[1]),
				(args.length > 4) ? args[4] : "");
		System.out.println(heap.perSocket(Integer.parseInt(args[3])));
		System.exit(0);
	}

	/** Open the sockets, keep them idle while the heap is read, then close them. */
	long perSocket(int sockets) throws Exception {
		Sockets.closeAll(open(WARM_UP));
		// Closes are answered a moment after they are sent.
		Thread.sleep(2000);
		long before = liveHeap();
		List<WebSocket> open = open(sockets);
		// The servers' threads park and the handshakes' leftovers settle.
		Thread.sleep(5000);
		long after = liveHeap();
		Sockets.closeAll(open);
		return (after - before) / sockets;
	}

	private List<WebSocket> open(int count) throws Exception {
		Supplier<WebSocket.Listener> idle = () -> new WholeTexts((text) -> {
		});
		return this.subprotocol.isEmpty() ? Sockets.open(this.http, this.uri, count, idle)
				: Sockets.open(this.http, this.uri, count, idle, this.subprotocol);
	}

	/** The bytes of every live object, from the histogram's total line. */
	long liveHeap() throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(this.pid), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("jcmd failed: " + output);
		}
		for (String line : output.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length == 3 && fields[0].toLowerCase(Locale.ROOT).equals("total")) {
				return Long.parseLong(fields[2]);
			}
		}
		throw new IllegalStateException("No total in the class histogram: " + output);
	}

}
