package dev.cspwebsocket.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of a cluster call's observation; a bean of this type replaces
 * {@link DefaultClusterCallObservationConvention}. Implementations must be thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface ClusterCallObservationConvention extends ObservationConvention<ClusterCallObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ClusterCallObservationContext;
	}

}
