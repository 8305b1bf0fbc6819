package dev.cspwebsocket.testapp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketClosedException;
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

	/** Let every gated server go on. */
	public void openGates() {
		this.seen.values().forEach((seen) -> seen.gate.countDown());
	}

	/**
	 * One socket's server, as it saw things.
	 */
	public static final class Seen {

		public volatile @Nullable String webSocketId;

		public volatile @Nullable String path;

		public volatile @Nullable String query;

		public volatile @Nullable String sessionId;

		/** What the server saw of its identity: principal, security context, thread. */
		public volatile @Nullable String identity;

		/** Why a shared server got no HTTP session and no principal. */
		public volatile @Nullable String detachedSession;

		public volatile @Nullable String detachedPrincipal;

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

		/** Why a server writing to its own client without end was stopped. */
		public volatile @Nullable WebSocketClosedException floodEnded;

		public final AtomicInteger postServer = new AtomicInteger();

		public volatile boolean openInPostServer = true;

		public volatile @Nullable String setSharedOutsidePreServer;

		/** Whether {@code openServer} found the socket from its own {@code server()}. */
		public volatile boolean openableInServer;

		public volatile @Nullable String postServerThread;

		/** The client messages onClientMessage() saw, in the order it saw them. */
		public final List<String> clientMessages = new CopyOnWriteArrayList<>();

		public volatile @Nullable String clientMessageThread;

		/** Whether onClientMessage() ran on a virtual thread. */
		public volatile boolean clientMessageOnVirtualThread;

		/**
		 * The server's callbacks in the order they ran: "server", the messages, "post".
		 */
		public final List<String> callbacks = new CopyOnWriteArrayList<>();

		public volatile @Nullable String readInCallback;

		/** Callbacks of the server running right now: never more than one. */
		public final AtomicInteger inCallback = new AtomicInteger();

		public volatile boolean callbacksOverlapped;

		/** Opened by a test to let a gated server start reading. */
		public final CountDownLatch gate = new CountDownLatch(1);

		/** Mark a callback of the server as running, noting any overlap with another. */
		public void enterCallback() {
			if (this.inCallback.incrementAndGet() > 1) {
				this.callbacksOverlapped = true;
			}
		}

		public void exitCallback() {
			this.inCallback.decrementAndGet();
		}

	}

}
