package dev.cspwebsocket.cluster.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.cspwebsocket.WebSocketClusterException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * This node's link to Redis: every call bounded by the request timeout, whatever the
 * client's own command timeout, and failing at once while the link is down, so that
 * callers fail fast and local work never waits on Redis. The heartbeat probes it back up.
 * Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class RedisLink {

	private static final Log logger = LogFactory.getLog(RedisLink.class);

	private final StringRedisTemplate redis;

	private final Executor calls;

	private final Duration timeout;

	private volatile boolean up = true;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant downSince;

	RedisLink(StringRedisTemplate redis, Executor calls, Duration timeout) {
		this.redis = redis;
		this.calls = calls;
		this.timeout = timeout;
	}

	/**
	 * Run a call while the link is up.
	 * @param what what the call does, for the message of a failure
	 * @throws WebSocketClusterException at once while the link is down, or when the call
	 * fails or takes longer than the request timeout
	 */
	<T extends @Nullable Object> @Nullable T call(String what, RedisCallback<T> call) {
		return call(what, call, null);
	}

	/**
	 * Run a call while the link is up, counting it in {@code inFlight} until it has
	 * ended, whether its caller waited for it or not.
	 */
	<T extends @Nullable Object> @Nullable T call(String what, RedisCallback<T> call, @Nullable InFlight inFlight) {
		if (!this.up) {
			throw new WebSocketClusterException("Cannot " + what + ": the cluster's Redis has been unreachable since "
					+ this.downSince + " (" + this.lastError + "); this node's own sockets keep working");
		}
		return probe(what, call, inFlight);
	}

	/**
	 * Run a call whether the link is up or down; its outcome sets the link's state.
	 * @throws WebSocketClusterException when the call fails or takes too long
	 */
	<T extends @Nullable Object> @Nullable T probe(String what, RedisCallback<T> call) {
		return probe(what, call, null);
	}

	/**
	 * Run a call whether the link is up or down, counting it in {@code inFlight} until it
	 * has ended: a call that timed out may still reach Redis later.
	 */
	<T extends @Nullable Object> @Nullable T probe(String what, RedisCallback<T> call, @Nullable InFlight inFlight) {
		if (inFlight != null) {
			inFlight.started();
		}
		CompletableFuture<@Nullable T> result = CompletableFuture.supplyAsync(() -> this.redis.execute(call),
				this.calls);
		if (inFlight != null) {
			result.whenComplete((value, failure) -> inFlight.ended());
		}
		try {
			T value = result.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			up();
			return value;
		}
		catch (TimeoutException ex) {
			throw down(what, "no answer within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw down(what, String.valueOf(cause.getMessage()), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WebSocketClusterException("Interrupted while trying to " + what, ex);
		}
	}

	private void up() {
		if (!this.up) {
			logger.info("The cluster's Redis is reachable again");
		}
		this.up = true;
		this.downSince = null;
	}

	private WebSocketClusterException down(String what, String why, Throwable cause) {
		if (this.up) {
			this.downSince = Instant.now();
			logger.warn("The cluster's Redis is unreachable (" + why + "); this node's own sockets keep working, "
					+ "and its registrations are made again when Redis is back");
		}
		this.up = false;
		this.lastError = why;
		return new WebSocketClusterException("Cannot " + what + ": the cluster's Redis is unreachable (" + why
				+ "); this node's own sockets keep working", cause);
	}

	boolean isUp() {
		return this.up;
	}

	@Nullable String lastError() {
		return this.up ? null : this.lastError;
	}

	Duration timeout() {
		return this.timeout;
	}

}
