package dev.cspwebsocket.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of a socket's opening and close observations; a bean of this type
 * replaces {@link DefaultSocketObservationConvention}. Implementations must be
 * thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface SocketObservationConvention extends ObservationConvention<SocketObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SocketObservationContext;
	}

}
