package dev.cspwebsocket.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketServer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the driver asks the server: its memory after a GC, and a broadcast to every
 * {@link BroadcastTarget} stamped with the wall-clock time of its first write.
 *
 * @author csp-websocket-spring-boot
 */
@RestController
class BenchmarkController {

	private final CspWebSockets sockets;

	BenchmarkController(CspWebSockets sockets) {
		this.sockets = sockets;
	}

	/** Heap used after a full GC, resident set size, threads, open CSP sockets. */
	@GetMapping("/bench/stats")
	Map<String, Long> stats() throws IOException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return Map.of("heapUsed", memory.getHeapMemoryUsage().getUsed(), "rss", residentSetBytes(), "threads",
				(long) ManagementFactory.getThreadMXBean().getThreadCount(), "cspSockets",
				(long) this.sockets.openSockets());
	}

	/**
	 * Write one message to every broadcast target.
	 * @return how many got it
	 */
	@PostMapping("/bench/broadcast")
	Map<String, Long> broadcast() {
		List<WebSocketServer> targets = this.sockets.openServersOfClass(BroadcastTarget.class);
		String stamp = Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
		long delivered = 0;
		for (WebSocketServer target : targets) {
			try {
				target.write(stamp);
				delivered++;
			}
			catch (WebSocketClosedException ex) {
				// Gone meanwhile: not delivered.
			}
		}
		return Map.of("delivered", delivered, "targets", (long) targets.size());
	}

	private static long residentSetBytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return -1;
	}

}
