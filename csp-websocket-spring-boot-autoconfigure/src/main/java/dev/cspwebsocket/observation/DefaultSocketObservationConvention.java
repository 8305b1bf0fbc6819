package dev.cspwebsocket.observation;

import dev.cspwebsocket.CloseReason;
import dev.cspwebsocket.observation.CspWebSocketObservation.SocketHighCardinalityKeys;
import dev.cspwebsocket.observation.CspWebSocketObservation.SocketKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of a socket's opening and close:
 * {@code csp.websocket.socket} with {@code application}, {@code server}, {@code mode},
 * {@code event} and {@code reason}, and {@code websocket.id} and {@code close.code} for
 * traces. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public class DefaultSocketObservationConvention implements SocketObservationConvention {

	@Override
	public String getName() {
		return "csp.websocket.socket";
	}

	@Override
	public String getContextualName(SocketObservationContext context) {
		return context.isClosed() ? "websocket closed" : "websocket opened";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SocketObservationContext context) {
		CloseReason reason = context.getCloseReason();
		return KeyValues.of(SocketKeys.APPLICATION.withValue(context.getApplication()),
				SocketKeys.SERVER.withValue(context.getServerClass()),
				SocketKeys.MODE.withValue(context.isShared() ? "shared" : "dedicated"),
				SocketKeys.EVENT.withValue(context.isClosed() ? "closed" : "opened"),
				SocketKeys.REASON.withValue((reason != null) ? reason.tagValue() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(SocketObservationContext context) {
		KeyValues id = KeyValues.of(SocketHighCardinalityKeys.WEBSOCKET_ID.withValue(context.getWebSocketId()));
		Integer code = context.getCloseCode();
		return (code != null) ? id.and(SocketHighCardinalityKeys.CLOSE_CODE.withValue(String.valueOf(code))) : id;
	}

}
