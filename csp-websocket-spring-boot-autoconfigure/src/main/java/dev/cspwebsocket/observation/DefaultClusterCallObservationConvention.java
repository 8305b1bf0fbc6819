package dev.cspwebsocket.observation;

import dev.cspwebsocket.observation.CspWebSocketObservation.ClusterCallKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of a cluster call: {@code csp.websocket.cluster.call} with
 * {@code operation} and {@code outcome}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class DefaultClusterCallObservationConvention implements ClusterCallObservationConvention {

	@Override
	public String getName() {
		return "csp.websocket.cluster.call";
	}

	@Override
	public String getContextualName(ClusterCallObservationContext context) {
		return "cluster " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ClusterCallObservationContext context) {
		return KeyValues.of(ClusterCallKeys.OPERATION.withValue(context.getOperation()),
				ClusterCallKeys.OUTCOME.withValue(context.getOutcome()));
	}

}
