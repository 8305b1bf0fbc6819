package dev.cspwebsocket.benchmarks;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;

import org.springframework.stereotype.Component;

/**
 * A shared socket that only receives: what a dashboard's or a chat's client is.
 *
 * @author csp-websocket-spring-boot
 */
@Component
@CspClass("Bench.Target")
public class BroadcastTarget extends CspWebSocket {

	@Override
	protected void onPreServer() {
		setSharedConnection(true);
	}

	@Override
	protected void server() {
		// Nothing: the broadcast endpoint writes to it.
	}

}
