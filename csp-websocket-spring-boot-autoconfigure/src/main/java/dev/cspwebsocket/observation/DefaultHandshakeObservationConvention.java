package dev.cspwebsocket.observation;

import java.util.Locale;

import dev.cspwebsocket.HandshakeRejection;
import dev.cspwebsocket.observation.CspWebSocketObservation.HandshakeKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of a handshake's observation:
 * {@code csp.websocket.handshake} with {@code application}, {@code server},
 * {@code outcome} and {@code reason}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class DefaultHandshakeObservationConvention implements HandshakeObservationConvention {

	@Override
	public String getName() {
		return "csp.websocket.handshake";
	}

	@Override
	public String getContextualName(HandshakeObservationContext context) {
		return "websocket handshake " + context.getServerClass();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(HandshakeObservationContext context) {
		HandshakeRejection rejection = context.getRejection();
		return KeyValues.of(HandshakeKeys.APPLICATION.withValue(context.getApplication()),
				HandshakeKeys.SERVER.withValue(context.getServerClass()),
				HandshakeKeys.OUTCOME.withValue(context.getOutcome().name().toLowerCase(Locale.ROOT)),
				HandshakeKeys.REASON.withValue((rejection != null) ? rejection.tagValue() : "none"));
	}

}
