package dev.cspwebsocket.cluster.redis;

import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.observation.ClusterCallObservationContext;
import dev.cspwebsocket.observation.ClusterCallObservationConvention;
import dev.cspwebsocket.observation.CspWebSocketObservation;
import dev.cspwebsocket.observation.DefaultClusterCallObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The observations of this node's calls to other nodes: what was asked, and how it ended.
 * Observes nothing until given a registry. Thread-safe; configured before the cluster
 * starts.
 *
 * @author csp-websocket-spring-boot
 */
final class ClusterCallObservations {

	private static final ClusterCallObservationConvention DEFAULT = new DefaultClusterCallObservationConvention();

	private volatile ObservationRegistry registry = ObservationRegistry.NOOP;

	private volatile @Nullable ClusterCallObservationConvention convention;

	void setRegistry(ObservationRegistry registry) {
		this.registry = registry;
	}

	void setConvention(@Nullable ClusterCallObservationConvention convention) {
		this.convention = convention;
	}

	/**
	 * Make {@code call}, observed as {@code operation}, its outcome told by
	 * {@code outcome}; a {@link WebSocketClusterException} ends it as {@code timeout},
	 * {@code refused} or {@code failed}.
	 */
	<T> T observe(ClusterRequest.Operation operation, Supplier<T> call, Function<T, String> outcome) {
		ClusterCallObservationContext context = new ClusterCallObservationContext(
				operation.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		Observation observation = CspWebSocketObservation.CLUSTER_CALL
			.observation(this.convention, DEFAULT, () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			T result = call.get();
			context.setOutcome(outcome.apply(result));
			return result;
		}
		catch (RuntimeException ex) {
			context.setOutcome(failure(ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static String failure(RuntimeException ex) {
		if (ex.getCause() instanceof TimeoutException) {
			return "timeout";
		}
		// Only a refusal, or an answer this node cannot read, fails a waiting call.
		return (ex.getCause() instanceof ExecutionException) ? "refused" : "failed";
	}

	/** How a call that got an answer ended. */
	static String outcome(ClusterReply reply) {
		if (reply instanceof ClusterReply.NotFound) {
			return "not-found";
		}
		if (reply instanceof ClusterReply.Closed) {
			return "closed";
		}
		return (reply instanceof ClusterReply.Failed) ? "failed" : "success";
	}

}
