package dev.cspwebsocket.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.ReadResult;
import org.jspecify.annotations.Nullable;

/**
 * What the test servers saw, by the {@code tag} query parameter of their handshake.
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
public class ServerEvents {

	private final Map<String, Seen> seen = new ConcurrentHashMap<>();

	public Seen of(String tag) {
		return this.seen.computeIfAbsent(tag, (key) -> new Seen());
	}

	public boolean has(String tag) {
		return this.seen.containsKey(tag);
	}

	/**
	 * One socket's server, as it saw things.
	 */
	public static final class Seen {

		public volatile @Nullable String webSocketId;

		public volatile @Nullable String path;

		public volatile @Nullable String query;

		public volatile @Nullable String sessionId;

		public volatile @Nullable String subprotocol;

		public volatile @Nullable String header;

		public volatile boolean remoteAddressKnown;

		public volatile @Nullable String bestMatchingPattern;

		public volatile @Nullable String threadName;

		public volatile long threadId;

		public volatile boolean virtualThread;

		public volatile @Nullable String handshakeOutsidePreServer;

		public volatile @Nullable ReadResult closed;

		public volatile @Nullable ReadResult closedAgain;

		public volatile @Nullable String writeAfterEnd;

		public final AtomicInteger postServer = new AtomicInteger();

		public volatile boolean openInPostServer = true;

		/** Opened by a test to let a gated server start reading. */
		public final CountDownLatch gate = new CountDownLatch(1);

	}

}
