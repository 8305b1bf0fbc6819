package dev.cspwebsocket.benchmarks.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Drives the benchmark server from a JVM of its own, with the JDK's WebSocket client, and
 * prints one Markdown table row per scenario. Every scenario ends by itself within a
 * bounded time. The echo, scale and broadcast tables give each figure that the issue sets
 * a target for also as a ratio to the raw handler's row of the same run ({@code ×raw}
 * columns), since the absolute figures move with the machine's load.
 * <p>
 * Usage: {@code LoadDriver <port> quick|full}, or one scenario:
 * {@code echo <server> <connections> <bytes> <seconds>},
 * {@code scale <server> <sockets>}, {@code soak <seconds>}, where a server is
 * {@code raw}, {@code dedicated} or {@code shared} (run alone, a CSP server's row has no
 * raw row to compare with: its ratios are dashes); or
 * {@code broadcast <sockets> [rounds]}, the raw broadcast and the CSP one alternated on
 * the same server, two rounds unless told; or
 * {@code cluster <other node's port> quick|full} against two servers that are one
 * cluster, or {@code lean quick|full}, the scale scenario alone, against a server with
 * Tomcat's buffers made small, or {@code servers quick|full}, the echo and scale
 * scenarios alone, against the server on another container, or
 * {@code echoes <seconds> <connections,...> <bytes,...>}, the echo table alone at the
 * sizes given, or {@code scales <sockets>}, the scale table alone.
 * <p>
 * Over 500 lines as one program: each scenario is a few methods, and keeping them
 * together keeps the tables they print alike.
 *
 * @author csp-websocket-spring-boot
 */
public final class LoadDriver {

	/** The request path of each server. */
	static final Map<String, String> SERVERS = Map.of("raw", "/raw/echo", "dedicated",
			"/csp/bench/Bench.DedicatedEcho.cls", "shared", "/csp/bench/Bench.SharedEcho.cls");

	private static final String TARGET = "/csp/bench/Bench.Target.cls";

	private static final String RAW_TARGET = "/raw/target";

	private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?\\d+)");

	private final String host;

	private final HttpClient http = HttpClient.newHttpClient();

	private final Consumer<String> out;

	LoadDriver(int port, Consumer<String> out) {
		this.host = "localhost:" + port;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		LoadDriver driver = new LoadDriver(Integer.parseInt(args[0]), System.out::println);
		switch (args[1]) {
			case "quick" -> driver.suite(false);
			case "full" -> driver.suite(true);
			case "echo" -> driver.echo(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
					Duration.ofSeconds(Long.parseLong(args[5])));
			case "scale" -> driver.scale(args[2], Integer.parseInt(args[3]));
			case "broadcast" -> driver.broadcastTable(new int[] { Integer.parseInt(args[2]) },
					(args.length > 3) ? Integer.parseInt(args[3]) : 2);
			case "soak" -> driver.soak(Duration.ofSeconds(Long.parseLong(args[2])), Duration.ofSeconds(30));
			case "cluster" -> driver.clusterSuite(Integer.parseInt(args[2]), "full".equals(args[3]));
			case "lean" -> driver.scaleTable("full".equals(args[2]));
			case "servers" -> driver.servers("full".equals(args[2]));
			case "scales" -> driver.scaleTable(Integer.parseInt(args[2]));
			case "echoes" ->
				driver.echoTable(Duration.ofSeconds(Long.parseLong(args[2])), sizes(args[3]), sizes(args[4]));
			default -> throw new IllegalArgumentException("Unknown scenario " + args[1]);
		}
		System.exit(0);
	}

	/** Every scenario, small ({@code quick}, a smoke check) or at the sizes. */
	void suite(boolean full) throws Exception {
		servers(full);
		this.out.accept("");
		broadcastTable(full ? new int[] { 1000, 10_000 } : new int[] { 50 }, 2);
		this.out.accept("");
		soak(full ? Duration.ofMinutes(3) : Duration.ofSeconds(4),
				full ? Duration.ofSeconds(30) : Duration.ofSeconds(2));
	}

	/** The echo and scale scenarios of every server. */
	void servers(boolean full) throws Exception {
		echoTable(full ? Duration.ofSeconds(10) : Duration.ofSeconds(1),
				full ? new int[] { 100, 1000 } : new int[] { 10 }, new int[] { 64, 4096 });
		this.out.accept("");
		scaleTable(full);
	}

	/**
	 * The echo scenario of every server at every size, each CSP row beside the raw row of
	 * its size. Every server is first run at every size for the same time, unmeasured: a
	 * server's code keeps being compiled for thousands of connections, and a cold first
	 * row would make its ratios.
	 */
	void echoTable(Duration seconds, int[] connectionCounts, int[] sizes) throws Exception {
		for (int connections : connectionCounts) {
			for (int bytes : sizes) {
				for (String server : List.of("raw", "dedicated", "shared")) {
					measureEcho(server, connections, bytes, seconds);
				}
			}
		}
		this.out.accept(ECHO_HEADER);
		for (int connections : connectionCounts) {
			for (int bytes : sizes) {
				Echo raw = measureEcho("raw", connections, bytes, seconds);
				this.out.accept(echoRow(raw, raw));
				for (String server : List.of("dedicated", "shared")) {
					this.out.accept(echoRow(measureEcho(server, connections, bytes, seconds), raw));
				}
			}
		}
	}

	static final String SOAK_HEADER = "| seconds | sockets opened and closed | heap after GC | platform threads | open CSP sockets |\n"
			+ "|---:|---:|---:|---:|---:|";

	/**
	 * Churn for a while: rounds of 100 dedicated and 100 shared sockets opened, each
	 * echoing a message, and closed; at every sample, the server's heap after a full GC,
	 * its platform threads and its open sockets, which must not grow.
	 */
	void soak(Duration duration, Duration sampleEvery) throws Exception {
		this.out.accept(SOAK_HEADER);
		long start = System.nanoTime();
		long opened = 0;
		long nextSample = 0;
		while (true) {
			long elapsed = System.nanoTime() - start;
			if (elapsed >= nextSample) {
				soakSample(elapsed, opened);
				nextSample += sampleEvery.toNanos();
			}
			if (elapsed >= duration.toNanos()) {
				break;
			}
			for (String server : List.of("dedicated", "shared")) {
				List<EchoClient> clients = new ArrayList<>();
				List<WebSocket> sockets = connect(SERVERS.get(server), 100, () -> {
					EchoClient client = new EchoClient("soak", null, new AtomicBoolean(), new AtomicBoolean(),
							new AtomicLong());
					clients.add(client);
					return client;
				});
				CountDownLatch echoed = new CountDownLatch(clients.size());
				clients.forEach((client) -> client.echoOnce(echoed));
				if (!echoed.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("Not every soak socket echoed within 60 s");
				}
				Sockets.closeAll(sockets);
				opened += sockets.size();
			}
		}
		// Once every socket of the last round has closed.
		await(() -> (stats().get("cspSockets") == 0) ? Boolean.TRUE : null);
		soakSample(System.nanoTime() - start, opened);
	}

	private void soakSample(long elapsedNanos, long opened) throws Exception {
		Map<String, Long> stats = stats();
		this.out.accept(String.format(Locale.ROOT, "| %d | %d | %.1f MB | %d | %d |",
				TimeUnit.NANOSECONDS.toSeconds(elapsedNanos), opened, stats.get("heapUsed") / 1048576.0,
				stats.get("threads"), stats.get("cspSockets")));
	}

	static final String ECHO_HEADER = "| server | connections | bytes | messages/s | ×raw | p50 µs | p99 µs | ×raw | p99.9 µs | server CPU µs per echo | ×raw |\n"
			+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

	/** One echo measurement, kept for the rows after it to be compared with. */
	private record Echo(String server, int connections, int bytes, double rate, long p50, long p99, long p999,
			double cpuMicros) {
	}

	/**
	 * Closed-loop echo: each connection sends a message and waits for it to come back,
	 * for the given time after a warm-up of a fifth of it.
	 */
	void echo(String server, int connections, int bytes, Duration duration) throws Exception {
		Echo echo = measureEcho(server, connections, bytes, duration);
		this.out.accept(echoRow(echo, "raw".equals(server) ? echo : null));
	}

	private static String echoRow(Echo echo, @Nullable Echo raw) {
		return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %s | %d | %d | %s | %d | %.1f | %s |", echo.server(),
				echo.connections(), echo.bytes(), echo.rate(),
				TimesRaw.of(echo.rate(), (raw != null) ? raw.rate() : null), echo.p50(), echo.p99(),
				TimesRaw.of(echo.p99(), (raw != null) ? (double) raw.p99() : null), echo.p999(), echo.cpuMicros(),
				TimesRaw.of(echo.cpuMicros(), (raw != null) ? raw.cpuMicros() : null));
	}

	private Echo measureEcho(String server, int connections, int bytes, Duration duration) throws Exception {
		String payload = "x".repeat(bytes);
		Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
		AtomicBoolean measuring = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong completed = new AtomicLong();
		List<EchoClient> clients = new ArrayList<>();
		connect(SERVERS.get(server), connections, () -> {
			EchoClient client = new EchoClient(payload, latencies, measuring, running, completed);
			clients.add(client);
			return client;
		});
		clients.forEach(EchoClient::start);
		Thread.sleep(duration.toMillis() / 5);
		latencies.reset();
		completed.set(0);
		measuring.set(true);
		long cpuBefore = serverCpuNanos();
		long start = System.nanoTime();
		Thread.sleep(duration.toMillis());
		long count = completed.get();
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuMicrosPerEcho = (serverCpuNanos() - cpuBefore) / 1000.0 / Math.max(1, count);
		measuring.set(false);
		running.set(false);
		Histogram histogram = latencies.getIntervalHistogram();
		Sockets.closeAll(clients.stream().map(EchoClient::socket).toList());
		return new Echo(server, connections, bytes, count / seconds, micros(histogram, 50), micros(histogram, 99),
				micros(histogram, 99.9), cpuMicrosPerEcho);
	}

	static final String SCALE_HEADER = "| server | sockets | handshakes/s | ×raw | server CPU µs per handshake | ×raw | heap per socket | ×raw | RSS per socket | all echo |\n"
			+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

	/** One scale measurement; memory in bytes per socket. */
	private record Scale(String server, int sockets, double rate, double cpuMicros, long heap, long rss,
			boolean allEcho) {
	}

	/** The scale scenario of every server, at 15,000 sockets ({@code full}) or 100. */
	void scaleTable(boolean full) throws Exception {
		scaleTable(full ? 15_000 : 100);
	}

	/**
	 * The scale scenario of every server at the given sockets, after each was run once
	 * unmeasured at a tenth of them, so that none is measured colder than the others.
	 */
	void scaleTable(int sockets) throws Exception {
		for (String server : List.of("raw", "dedicated", "shared")) {
			measureScale(server, Math.max(1, sockets / 10));
		}
		this.out.accept(SCALE_HEADER);
		Scale raw = measureScale("raw", sockets);
		this.out.accept(scaleRow(raw, raw));
		for (String server : List.of("dedicated", "shared")) {
			this.out.accept(scaleRow(measureScale(server, sockets), raw));
		}
	}

	/**
	 * Open many idle sockets, each with its server blocked in {@code read()} (CSP) or
	 * waiting (raw); measure the handshakes and the memory they hold, then check that
	 * every one still echoes.
	 */
	void scale(String server, int sockets) throws Exception {
		Scale scale = measureScale(server, sockets);
		this.out.accept(scaleRow(scale, "raw".equals(server) ? scale : null));
	}

	private static String scaleRow(Scale scale, @Nullable Scale raw) {
		return String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %.0f | %s | %s | %s | %s | %s |", scale.server(),
				scale.sockets(), scale.rate(), TimesRaw.of(scale.rate(), (raw != null) ? raw.rate() : null),
				scale.cpuMicros(), TimesRaw.of(scale.cpuMicros(), (raw != null) ? raw.cpuMicros() : null),
				kilobytes(scale.heap()), TimesRaw.of(scale.heap(), (raw != null) ? (double) raw.heap() : null),
				kilobytes(scale.rss()), scale.allEcho() ? "yes" : "NO");
	}

	private Scale measureScale(String server, int sockets) throws Exception {
		Map<String, Long> before = stats();
		List<EchoClient> clients = new ArrayList<>();
		long cpuBefore = serverCpuNanos();
		long start = System.nanoTime();
		List<WebSocket> opened = connect(SERVERS.get(server), sockets, () -> {
			EchoClient client = new EchoClient("ping", null, new AtomicBoolean(), new AtomicBoolean(),
					new AtomicLong());
			clients.add(client);
			return client;
		});
		double handshakesPerSecond = sockets / ((System.nanoTime() - start) / 1e9);
		double cpuMicrosPerHandshake = (serverCpuNanos() - cpuBefore) / 1000.0 / sockets;
		Map<String, Long> after = stats();
		CountDownLatch echoed = new CountDownLatch(sockets);
		clients.forEach((client) -> client.echoOnce(echoed));
		boolean allEcho = echoed.await(60, TimeUnit.SECONDS);
		Sockets.closeAll(opened);
		return new Scale(server, sockets, handshakesPerSecond, cpuMicrosPerHandshake,
				(after.get("heapUsed") - before.get("heapUsed")) / sockets,
				(after.get("rss") - before.get("rss")) / sockets, allEcho);
	}

	static final String BROADCAST_HEADER = "| sockets | server | server: all written ms | server: all sent ms | ×raw | first write to last receipt ms | ×raw | p50 ms | p99 ms |\n"
			+ "|---:|---|---:|---:|---:|---:|---:|---:|---:|";

	/**
	 * One broadcast, in microseconds: sent and last negative when not every message was
	 * sent or received.
	 */
	private record Broadcast(String server, int sockets, long written, long sent, long last, long p50, long p99) {
	}

	/**
	 * The broadcast at each size: the raw handler's and the CSP one ({@code shared},
	 * {@code Bench.Target}) alternated on the same server for the given rounds, so that
	 * the machine's moods fall on both, after one of each left out of the table; each CSP
	 * row compared with the raw row before it.
	 */
	void broadcastTable(int[] sizes, int rounds) throws Exception {
		// Both paths compiled before either is measured, at the first size: else the
		// first raw row, measured first, is measured colder than the rest.
		broadcast("raw", sizes[0]);
		broadcast("shared", sizes[0]);
		this.out.accept(BROADCAST_HEADER);
		for (int sockets : sizes) {
			for (int round = 0; round < rounds; round++) {
				Broadcast raw = broadcast("raw", sockets);
				this.out.accept(broadcastRow(raw, raw));
				this.out.accept(broadcastRow(broadcast("shared", sockets), raw));
			}
		}
	}

	private static String broadcastRow(Broadcast broadcast, Broadcast raw) {
		return String.format(Locale.ROOT, "| %d | %s | %.1f | %s | %s | %s | %s | %.1f | %.1f |", broadcast.sockets(),
				broadcast.server(), broadcast.written() / 1000.0, millis(broadcast.sent(), "not all sent"),
				TimesRaw.of(broadcast.sent(), (double) raw.sent()), millis(broadcast.last(), "not all received"),
				TimesRaw.of(broadcast.last(), (double) raw.last()), broadcast.p50() / 1000.0, broadcast.p99() / 1000.0);
	}

	/**
	 * Open sockets of the raw target or of the CSP one, have the server write one message
	 * to each, and time each client's receipt from the first write; then close them, and
	 * wait until the server has let them all go, so that the next broadcast starts from
	 * none.
	 */
	private Broadcast broadcast(String server, int sockets) throws Exception {
		boolean raw = "raw".equals(server);
		String open = raw ? "rawTargets" : "cspSockets";
		Histogram delivery = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
		CountDownLatch received = new CountDownLatch(sockets);
		AtomicLong last = new AtomicLong();
		List<WebSocket> opened = connect(raw ? RAW_TARGET : TARGET, sockets, () -> new WholeTexts((stamp) -> {
			long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
			long micros = now - Long.parseLong(stamp);
			synchronized (delivery) {
				delivery.recordValue(Math.max(0, micros));
			}
			last.accumulateAndGet(micros, Math::max);
			received.countDown();
		}));
		Map<String, Long> result;
		boolean all;
		try {
			// A 101 comes a moment before the server has registered the socket.
			await(() -> (stats().get(open) >= sockets) ? Boolean.TRUE : null);
			result = numbers(post(raw ? "/bench/raw-broadcast" : "/bench/broadcast").body());
			if (result.get("targets") != sockets || result.get("delivered") != sockets) {
				throw new IllegalStateException("The " + server + " broadcast wrote to " + result.get("delivered")
						+ " of " + result.get("targets") + " targets, not " + sockets);
			}
			all = received.await(60, TimeUnit.SECONDS);
		}
		finally {
			Sockets.closeAll(opened);
		}
		await(() -> (stats().get(open) == 0) ? Boolean.TRUE : null);
		synchronized (delivery) {
			return new Broadcast(server, sockets, result.get("writtenMicros"), result.get("sentMicros"),
					all ? last.get() : -1, delivery.getValueAtPercentile(50), delivery.getValueAtPercentile(99));
		}
	}

	private static String millis(long micros, String otherwise) {
		return (micros >= 0) ? String.format(Locale.ROOT, "%.1f", micros / 1000.0) : otherwise;
	}

	static final String CLUSTER_HEADER = "| writers | messages | messages/s | write p50 µs | write p99 µs | write p99.9 µs | all arrived in order |\n"
			+ "|---:|---:|---:|---:|---:|---:|---|";

	/**
	 * Cross-node writes: one client on this node's broadcast target, the other node
	 * writing to it through the cluster, for each number of writers.
	 */
	void clusterSuite(int otherPort, boolean full) throws Exception {
		this.out.accept(CLUSTER_HEADER);
		for (int writers : full ? new int[] { 1, 16 } : new int[] { 1, 4 }) {
			cluster(otherPort, full ? 20_000 : 200, writers);
		}
	}

	/**
	 * Have the other node write {@code messages} to a socket of this node, from
	 * {@code writers} threads; the other node times each write, this client checks that
	 * every message arrives, each writer's in order.
	 */
	void cluster(int otherPort, int messages, int writers) throws Exception {
		CountDownLatch received = new CountDownLatch(messages);
		Map<String, Integer> lastOfWriter = new HashMap<>();
		AtomicBoolean inOrder = new AtomicBoolean(true);
		List<WebSocket> opened = connect(TARGET, 1, () -> new WholeTexts((text) -> {
			String[] message = text.split(":");
			Integer previous = lastOfWriter.put(message[0], Integer.parseInt(message[1]));
			if (Integer.parseInt(message[1]) != ((previous != null) ? previous + 1 : 0)) {
				inOrder.set(false);
			}
			received.countDown();
		}));
		String id = await(() -> targetIds().stream().findFirst().orElse(null));
		String other = "http://localhost:" + otherPort;
		// The other node finds the socket once this node has registered it.
		await(() -> post(other + "/bench/cluster-write?id=" + id + "&messages=0&writers=1").statusCode() == 200 ? id
				: null);
		Map<String, Long> result = numbers(
				post(other + "/bench/cluster-write?id=" + id + "&messages=" + messages + "&writers=" + writers).body());
		boolean all = received.await(60, TimeUnit.SECONDS);
		Sockets.closeAll(opened);
		this.out.accept(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %s |", writers, messages,
				result.get("messagesPerSecond"), result.get("p50"), result.get("p99"), result.get("p999"),
				(all && inOrder.get()) ? "yes" : "NO"));
	}

	private List<String> targetIds() throws Exception {
		String body = this.http
			.send(HttpRequest.newBuilder(URI.create("http://" + this.host + "/bench/targets")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		return List.of(body.replaceAll("[\\[\\]\"]", "").split(",")).stream().filter((id) -> !id.isBlank()).toList();
	}

	/**
	 * Ask every 20 ms until there is an answer, for at most 30 seconds: the server's
	 * stats, which many answers come from, run a full GC each time.
	 */
	private static <T> T await(Callable<T> answer) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		T value = answer.call();
		while (value == null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("No answer within 30 s");
			}
			Thread.sleep(20);
			value = answer.call();
		}
		return value;
	}

	private List<WebSocket> connect(String path, int count, Supplier<WebSocket.Listener> listeners) throws Exception {
		return Sockets.open(this.http, URI.create("ws://" + this.host + path), count, listeners);
	}

	private long serverCpuNanos() throws Exception {
		return numbers(this.http
			.send(HttpRequest.newBuilder(URI.create("http://" + this.host + "/bench/cpu")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body()).get("cpuNanos");
	}

	private Map<String, Long> stats() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://" + this.host + "/bench/stats")).build(),
				HttpResponse.BodyHandlers.ofString());
		return numbers(response.body());
	}

	private static Map<String, Long> numbers(String json) {
		Map<String, Long> numbers = new HashMap<>();
		Matcher number = NUMBER.matcher(json);
		while (number.find()) {
			numbers.put(number.group(1), Long.parseLong(number.group(2)));
		}
		return numbers;
	}

	private HttpResponse<String> post(String url) throws Exception {
		String absolute = url.startsWith("http") ? url : "http://" + this.host + url;
		return this.http.send(
				HttpRequest.newBuilder(URI.create(absolute)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static long micros(Histogram histogram, double percentile) {
		return TimeUnit.NANOSECONDS.toMicros(histogram.getValueAtPercentile(percentile));
	}

	/** A comma-separated list of numbers, as {@code 100,1000}. */
	private static int[] sizes(String list) {
		return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
	}

	private static String kilobytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
	}

}
