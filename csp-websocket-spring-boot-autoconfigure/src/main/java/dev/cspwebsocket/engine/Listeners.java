package dev.cspwebsocket.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.cspwebsocket.CspWebSocketsListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link CspWebSocketsListener}s, told what happens; a failing one harms neither the
 * caller nor the others. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class Listeners {

	private static final Log logger = LogFactory.getLog(Listeners.class);

	private static final TrafficEvent READ_TIMED_OUT = (listener, binary, bytes) -> listener.readTimedOut();

	private final List<CspWebSocketsListener> listeners = new CopyOnWriteArrayList<>();

	void add(CspWebSocketsListener listener) {
		this.listeners.add(listener);
	}

	void remove(CspWebSocketsListener listener) {
		this.listeners.remove(listener);
	}

	boolean isEmpty() {
		return this.listeners.isEmpty();
	}

	/** Tell every listener of an event. */
	void tell(Consumer<CspWebSocketsListener> event) {
		for (CspWebSocketsListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("A CspWebSocketsListener failed", ex);
			}
		}
	}

	void messageReceived(boolean binary, long bytes) {
		tellEach(CspWebSocketsListener::messageReceived, binary, bytes);
	}

	void messageSent(boolean binary, long bytes) {
		tellEach(CspWebSocketsListener::messageSent, binary, bytes);
	}

	void readTimedOut() {
		tellEach(READ_TIMED_OUT, false, 0);
	}

	/**
	 * {@link #tell} for the hot paths: the events are constants, nothing is allocated.
	 */
	private void tellEach(TrafficEvent event, boolean binary, long bytes) {
		for (CspWebSocketsListener listener : this.listeners) {
			try {
				event.tell(listener, binary, bytes);
			}
			catch (RuntimeException ex) {
				logger.warn("A CspWebSocketsListener failed", ex);
			}
		}
	}

	/** An event of the traffic, told to one listener. */
	@FunctionalInterface
	private interface TrafficEvent {

		void tell(CspWebSocketsListener listener, boolean binary, long bytes);

	}

}
