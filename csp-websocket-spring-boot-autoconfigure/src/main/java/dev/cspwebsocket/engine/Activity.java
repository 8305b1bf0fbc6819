package dev.cspwebsocket.engine;

import java.time.Duration;
import java.time.Instant;

import dev.cspwebsocket.Heartbeat;

/**
 * What one socket has done and when: its traffic both ways, counted, the times of its
 * last traffic, and where its heartbeat stands. Thread-safe: each count has one writer at
 * a time (the container for the client's traffic, the owner of the way out for the
 * server's), and every field is read without a lock.
 *
 * @author csp-websocket-spring-boot
 */
final class Activity {

	private volatile Instant openedAt = Instant.now();

	private volatile long openedNanos = System.nanoTime();

	private volatile long messagesIn;

	private volatile long bytesIn;

	private volatile long messagesOut;

	private volatile long bytesOut;

	private volatile long lastTrafficNanos = System.nanoTime();

	private volatile long lastClientMessageNanos = System.nanoTime();

	private volatile long lastPingNanos = System.nanoTime();

	// Set while a ping has been queued and not answered; pingSentNanos once it is out.
	private volatile boolean awaitingPong;

	private volatile long pingSentNanos;

	/** The socket has opened: its lifetime and idleness count from now. */
	void opened() {
		this.openedNanos = System.nanoTime();
		this.openedAt = Instant.now();
		this.lastTrafficNanos = this.openedNanos;
	}

	/** Part of a message came from the client; called by the container. */
	void received(long bytes, boolean last) {
		long now = System.nanoTime();
		this.lastTrafficNanos = now;
		this.lastClientMessageNanos = now;
		this.bytesIn += bytes;
		if (last) {
			this.messagesIn++;
		}
	}

	/** A message or fragment went to the client. */
	void sent() {
		this.lastTrafficNanos = System.nanoTime();
	}

	/** A whole message went to the client; called by the owner of the way out. */
	void messageSent(long bytes) {
		this.messagesOut++;
		this.bytesOut += bytes;
	}

	/** When the client last sent data: what keeps an HTTP session alive. */
	long lastClientMessageNanos() {
		return this.lastClientMessageNanos;
	}

	/** How long the socket has seen no traffic either way. */
	long idleNanos(long now) {
		return now - this.lastTrafficNanos;
	}

	/**
	 * Whether a ping is due now, no ping waiting for its answer; if so, one is taken to
	 * be on its way.
	 */
	boolean pingDue(long now, Heartbeat heartbeat) {
		if (this.awaitingPong || now - this.lastPingNanos < heartbeat.pingInterval().toNanos()) {
			return false;
		}
		this.lastPingNanos = now;
		this.pingSentNanos = 0;
		this.awaitingPong = true;
		return true;
	}

	/** The ping that was due could not be queued. */
	void pingNotQueued() {
		this.awaitingPong = false;
	}

	/** The ping is out to the client. */
	void pingSent() {
		this.pingSentNanos = System.nanoTime();
	}

	/** The client answered the ping. */
	void pong() {
		this.awaitingPong = false;
	}

	/**
	 * Whether the client has left the last ping unanswered for the pong timeout. A client
	 * message after the ping shows the client alive, as a pong may queue behind it; so
	 * does reading resumed after a pause, as the answer may have waited unread. Sends do
	 * not: they complete into the network buffer of a gone client too.
	 */
	boolean pongOverdue(long now, Heartbeat heartbeat, long readingResumedNanos) {
		long sent = this.pingSentNanos;
		if (!this.awaitingPong || sent == 0) {
			return false;
		}
		long since = Math.max(sent, Math.max(this.lastClientMessageNanos, readingResumedNanos));
		return now - since > heartbeat.pongTimeout().toNanos();
	}

	/** How long the socket has been, or was, open. */
	Duration lifetime() {
		return Duration.ofNanos(System.nanoTime() - this.openedNanos);
	}

	Instant openedAt() {
		return this.openedAt;
	}

	Instant lastActivity() {
		return this.openedAt.plusNanos(Math.max(0, this.lastTrafficNanos - this.openedNanos));
	}

	long messagesIn() {
		return this.messagesIn;
	}

	long bytesIn() {
		return this.bytesIn;
	}

	long messagesOut() {
		return this.messagesOut;
	}

	long bytesOut() {
		return this.bytesOut;
	}

}
