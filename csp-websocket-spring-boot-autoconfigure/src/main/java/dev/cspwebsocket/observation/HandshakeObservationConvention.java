package dev.cspwebsocket.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of a handshake's observation; a bean of this type replaces
 * {@link DefaultHandshakeObservationConvention}. Implementations must be thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface HandshakeObservationConvention extends ObservationConvention<HandshakeObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof HandshakeObservationContext;
	}

}
