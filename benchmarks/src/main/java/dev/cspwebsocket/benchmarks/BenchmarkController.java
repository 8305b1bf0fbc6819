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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.management.OperatingSystemMXBean;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.CspWebSocketsListener;
import dev.cspwebsocket.WebSocketClosedException;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the driver asks the server: its memory after a GC, and a broadcast to every
 * {@link BroadcastTarget}, or to every raw target, stamped with the wall-clock time of
 * its first write.
 *
 * @author csp-websocket-spring-boot
 */
@RestController
class BenchmarkController {

	private final CspWebSockets sockets;

	private final RawTargets rawTargets;

	BenchmarkController(CspWebSockets sockets, RawTargets rawTargets) {
		this.sockets = sockets;
		this.rawTargets = rawTargets;
	}

	/**
	 * Heap used after a full GC, resident set size, threads, open CSP sockets, open raw
	 * targets.
	 */
	@GetMapping("/bench/stats")
	Map<String, Long> stats() throws IOException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return Map.of("heapUsed", memory.getHeapMemoryUsage().getUsed(), "rss", residentSetBytes(), "threads",
				(long) ManagementFactory.getThreadMXBean().getThreadCount(), "cspSockets",
				(long) this.sockets.stats().openSockets(), "rawTargets", (long) this.rawTargets.count());
	}

	/**
	 * The CPU time this process has used, for the driver to charge each scenario its
	 * share: a cost per message that the client, on the same cores, does not blur.
	 */
	@GetMapping("/bench/cpu")
	Map<String, Long> cpu() {
		return Map.of("cpuNanos",
				((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
	}

	/**
	 * Write one message to every broadcast target, and wait until the server has sent
	 * them all.
	 * @return how many got it; how long, from the first write, the writes took and the
	 * sending took, in microseconds
	 */
	@PostMapping("/bench/broadcast")
	Map<String, Long> broadcast() throws InterruptedException {
		List<WebSocketServer> targets = this.sockets.openServersOfClass(BroadcastTarget.class);
		CountDownLatch sent = new CountDownLatch(targets.size());
		CspWebSocketsListener counting = new CspWebSocketsListener() {

			@Override
			public void messageSent(boolean binary, long bytes) {
				sent.countDown();
			}

		};
		this.sockets.addListener(counting);
		long start = System.nanoTime();
		String stamp = stamp();
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
		long written = System.nanoTime() - start;
		boolean allSent = sent.await(60, TimeUnit.SECONDS);
		long sending = System.nanoTime() - start;
		this.sockets.removeListener(counting);
		return broadcastResult(delivered, targets.size(), written, allSent ? sending : -1);
	}

	/**
	 * The broadcast's baseline: write one message to every raw target from this thread,
	 * as a Spring user without this project would, and wait until the server has sent
	 * them all.
	 * @return the same figures as {@link #broadcast()}
	 */
	@PostMapping("/bench/raw-broadcast")
	Map<String, Long> rawBroadcast() throws InterruptedException {
		int targets = this.rawTargets.count();
		CountDownLatch sent = new CountDownLatch(targets);
		long start = System.nanoTime();
		long delivered = this.rawTargets.writeToAll(stamp(), sent::countDown);
		long written = System.nanoTime() - start;
		boolean allSent = sent.await(60, TimeUnit.SECONDS);
		long sending = System.nanoTime() - start;
		return broadcastResult(delivered, targets, written, allSent ? sending : -1);
	}

	/** The wall-clock time in microseconds, for each client to time its receipt from. */
	private static String stamp() {
		return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
	}

	private static Map<String, Long> broadcastResult(long delivered, int targets, long writtenNanos, long sentNanos) {
		return Map.of("delivered", delivered, "targets", (long) targets, "writtenMicros", writtenNanos / 1000,
				"sentMicros", (sentNanos >= 0) ? sentNanos / 1000 : -1);
	}

	/**
	 * The ids of this node's broadcast targets, for the cluster scenario to write to from
	 * another node.
	 * @return the ids
	 */
	@GetMapping("/bench/targets")
	List<String> targets() {
		return this.sockets.describe()
			.stream()
			.filter((socket) -> socket.serverClass().equals("Bench.Target"))
			.map(WebSocketInfo::webSocketId)
			.toList();
	}

	/**
	 * Write to a socket of another node of the cluster, from several threads at once,
	 * each message numbered by its writer; time each write, which returns once the owning
	 * node has accepted the message.
	 * @param id the socket id
	 * @param messages how many messages in all
	 * @param writers how many threads write
	 * @return messages per second and write latency percentiles in microseconds
	 */
	@PostMapping("/bench/cluster-write")
	Map<String, Long> clusterWrite(@RequestParam String id, @RequestParam int messages, @RequestParam int writers)
			throws InterruptedException {
		WebSocketServer socket = this.sockets.openServer(id);
		Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
		Thread[] threads = new Thread[writers];
		long start = System.nanoTime();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			threads[w] = new Thread(() -> {
				for (int i = 0; i < messages / writers; i++) {
					long sent = System.nanoTime();
					socket.write(writer + ":" + i);
					latencies.recordValue(System.nanoTime() - sent);
				}
			});
			threads[w].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Histogram histogram = latencies.getIntervalHistogram();
		return Map.of("messagesPerSecond", Math.round((messages / writers) * writers / seconds), "p50",
				histogram.getValueAtPercentile(50) / 1000, "p99", histogram.getValueAtPercentile(99) / 1000, "p999",
				histogram.getValueAtPercentile(99.9) / 1000);
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
