package dev.cspwebsocket.observation;

import io.micrometer.observation.Observation;

/**
 * A call from this node to another node of the cluster, as observed: what was asked, then
 * how it ended. Used by the calling thread only; not thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class ClusterCallObservationContext extends Observation.Context {

	private final String operation;

	private String outcome = "success";

	/**
	 * Create the context of a call.
	 * @param operation what is asked of the other node, such as {@code write}
	 */
	public ClusterCallObservationContext(String operation) {
		this.operation = operation;
	}

	/**
	 * What was asked of the other node.
	 * @return the operation
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * How the call ended: {@code success}, {@code not-found}, {@code closed},
	 * {@code failed}, {@code refused} or {@code timeout}.
	 * @return the outcome
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Set how the call ended.
	 * @param outcome the outcome, one of those of {@link #getOutcome()}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
