package dev.cspwebsocket.actuate.metrics;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.CspWebSocketsListener;
import dev.cspwebsocket.CspWebSocketsStats;
import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.cluster.ClusterLink;
import dev.cspwebsocket.cluster.FrameRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of the sockets (names under {@code csp.websocket.}). Tags are bounded:
 * application, server class, mode, direction, message type, close reason class, rejection
 * reason and refusal reason; never an id of a socket, session or user. Binds to any
 * number of registries. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public class CspWebSocketMetrics implements MeterBinder {

	private final CspWebSockets sockets;

	private final @Nullable ClusterLink cluster;

	private final Set<MeterRegistry> bound = Collections.newSetFromMap(new IdentityHashMap<>());

	/**
	 * Create the meters' binder.
	 * @param sockets the registry of open sockets
	 */
	public CspWebSocketMetrics(CspWebSockets sockets) {
		this(sockets, null);
	}

	/**
	 * Create the meters' binder, with the meters of this node's link to its cluster.
	 * @param sockets the registry of open sockets
	 * @param cluster this node's link to its cluster, or {@code null} when it has none
	 */
	public CspWebSocketMetrics(CspWebSockets sockets, @Nullable ClusterLink cluster) {
		this.sockets = sockets;
		this.cluster = cluster;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		synchronized (this.bound) {
			// Bound twice to one registry, every event would count twice.
			if (!this.bound.add(registry)) {
				return;
			}
		}
		gauge(registry, "csp.websocket.inbound.queued", "Client messages waiting to be read, over all sockets",
				"messages", CspWebSocketsStats::inboundQueuedMessages);
		gauge(registry, "csp.websocket.outbound.buffered",
				"The send buffers' fill (characters for text, plus 64 per queued message), over all sockets", "bytes",
				CspWebSocketsStats::outboundBufferedBytes);
		gauge(registry, "csp.websocket.dedicated.threads", "Threads of dedicated servers alive", "threads",
				CspWebSocketsStats::dedicatedThreads);
		gauge(registry, "csp.websocket.shared.pool.active", "Shared-pool threads running callbacks", "threads",
				CspWebSocketsStats::sharedPoolActiveThreads);
		gauge(registry, "csp.websocket.shared.pool.queued", "Callbacks of shared sockets waiting for a pool thread",
				"tasks", CspWebSocketsStats::sharedPoolQueuedTasks);
		gauge(registry, "csp.websocket.sockets.away",
				"Resumable sockets whose connection dropped, waiting for their client to resume them", "sockets",
				CspWebSocketsStats::awaySockets);
		counter(registry, "csp.websocket.resumes", "Resumable sockets a client resumed", CspWebSocketsStats::resumes);
		counter(registry, "csp.websocket.resume.expiries",
				"Resumable sockets that ended because their client stayed away past the resume grace period",
				CspWebSocketsStats::resumeExpiries);
		ClusterLink cluster = this.cluster;
		if (cluster != null) {
			for (FrameRefusal reason : FrameRefusal.values()) {
				FunctionCounter
					.builder("csp.websocket.cluster.frames.refused", cluster, (link) -> link.refusedFrames(reason))
					.description("Frames and registry entries of other nodes refused rather than misread")
					.tag("reason", reason.tagValue())
					.register(registry);
			}
		}
		this.sockets.addListener(new Recorder(registry));
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<CspWebSocketsStats> count) {
		FunctionCounter.builder(name, this.sockets.stats(), count).description(description).register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, String baseUnit,
			ToDoubleFunction<CspWebSocketsStats> value) {
		Gauge.builder(name, this.sockets.stats(), value).description(description).baseUnit(baseUnit).register(registry);
	}

	/** Turns the registry's events into meter updates for one meter registry. */
	private static final class Recorder implements CspWebSocketsListener {

		private final MeterRegistry registry;

		private final Map<Tags, SocketMeters> sockets = new ConcurrentHashMap<>();

		private final Counter[] messages = new Counter[4];

		private final Counter[] payload = new Counter[4];

		private final Counter readTimeouts;

		private final Map<HandshakeRejection, Counter> rejections = new ConcurrentHashMap<>();

		Recorder(MeterRegistry registry) {
			this.registry = registry;
			for (int i = 0; i < 4; i++) {
				Tags tags = Tags.of("direction", (i < 2) ? "in" : "out", "type", (i % 2 == 0) ? "text" : "binary");
				this.messages[i] = Counter.builder("csp.websocket.messages")
					.description("Whole messages that went between clients and servers")
					.baseUnit("messages")
					.tags(tags)
					.register(registry);
				this.payload[i] = Counter.builder("csp.websocket.payload")
					.description("Bytes of messages that went between clients and servers (UTF-8 for text)")
					.baseUnit("bytes")
					.tags(tags)
					.register(registry);
			}
			this.readTimeouts = Counter.builder("csp.websocket.read.timeouts")
				.description("Calls of read() that returned Timeout")
				.register(registry);
			for (HandshakeRejection reason : HandshakeRejection.values()) {
				this.rejections.put(reason,
						Counter.builder("csp.websocket.handshakes.rejected")
							.description("Handshakes answered with an HTTP error instead of a socket")
							.tag("reason", reason.tagValue())
							.register(registry));
			}
		}

		@Override
		public void socketOpened(WebSocketInfo socket) {
			SocketMeters meters = metersOf(socket);
			meters.open.incrementAndGet();
			meters.opened.increment();
		}

		@Override
		public void socketClosed(WebSocketInfo socket, CloseReason reason, Duration lifetime) {
			// The close of a socket may be told before its opening, on another thread:
			// both go to the same meters, which end right either way.
			SocketMeters meters = metersOf(socket);
			meters.open.decrementAndGet();
			meters.closed
				.computeIfAbsent(reason,
						(key) -> Counter.builder("csp.websocket.sockets.closed")
							.description("Sockets closed, by the class of their close")
							.tags(meters.tags.and("reason", key.tagValue()))
							.register(this.registry))
				.increment();
			meters.lifetime.record(lifetime);
		}

		private SocketMeters metersOf(WebSocketInfo socket) {
			return this.sockets.computeIfAbsent(socketTags(socket), (tags) -> new SocketMeters(tags, this.registry));
		}

		@Override
		public void handshakeRejected(HandshakeRejection reason) {
			Objects.requireNonNull(this.rejections.get(reason), "Every reason has its counter").increment();
		}

		@Override
		public void messageReceived(boolean binary, long bytes) {
			this.messages[binary ? 1 : 0].increment();
			this.payload[binary ? 1 : 0].increment(bytes);
		}

		@Override
		public void messageSent(boolean binary, long bytes) {
			this.messages[binary ? 3 : 2].increment();
			this.payload[binary ? 3 : 2].increment(bytes);
		}

		@Override
		public void readTimedOut() {
			this.readTimeouts.increment();
		}

		private static Tags socketTags(WebSocketInfo socket) {
			return Tags.of("application", socket.application(), "server", socket.serverClass(), "mode", socket.mode());
		}

	}

	/** The meters of the sockets of one application, server class and mode. */
	private static final class SocketMeters {

		private final Tags tags;

		private final AtomicInteger open = new AtomicInteger();

		private final Counter opened;

		private final Timer lifetime;

		private final Map<CloseReason, Counter> closed = new ConcurrentHashMap<>();

		SocketMeters(Tags tags, MeterRegistry registry) {
			this.tags = tags;
			Gauge.builder("csp.websocket.sockets.open", this.open, AtomicInteger::get)
				.description("Open sockets")
				.tags(tags)
				.register(registry);
			this.opened = Counter.builder("csp.websocket.sockets.opened")
				.description("Sockets opened")
				.tags(tags)
				.register(registry);
			this.lifetime = Timer.builder("csp.websocket.sockets.lifetime")
				.description("How long sockets were open")
				.tags(tags)
				.register(registry);
		}

	}

}
