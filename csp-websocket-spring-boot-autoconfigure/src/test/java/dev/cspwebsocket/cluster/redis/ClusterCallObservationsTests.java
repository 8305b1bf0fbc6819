package dev.cspwebsocket.cluster.redis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.cspwebsocket.WebSocketClusterException;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call to another node, observed with its operation and how it ended.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterCallObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ClusterCallObservations observations = new ClusterCallObservations();

	ClusterCallObservationsTests() {
		this.observations.setRegistry(this.registry);
	}

	@Test
	void anAnsweredCallIsObservedWithItsOperationAndTheAnswersOutcome() {
		ClusterReply reply = this.observations.observe(ClusterRequest.Operation.WRITE_TEXT,
				() -> new ClusterReply.NotFound(1), ClusterCallObservations::outcome);
		assertThat(reply).isEqualTo(new ClusterReply.NotFound(1));
		assertThat(this.registry).hasSingleObservationThat()
			.hasBeenStopped()
			.hasNameEqualTo("csp.websocket.cluster.call")
			.hasContextualNameEqualTo("cluster write-text")
			.hasLowCardinalityKeyValue("operation", "write-text")
			.hasLowCardinalityKeyValue("outcome", "not-found")
			.doesNotHaveError();
	}

	@Test
	void eachKindOfAnswerHasItsOutcome() {
		assertThat(ClusterCallObservations.outcome(new ClusterReply.Done(1, true))).isEqualTo("success");
		assertThat(ClusterCallObservations.outcome(new ClusterReply.Closed(1, 1000, ""))).isEqualTo("closed");
		assertThat(ClusterCallObservations.outcome(new ClusterReply.Failed(1, "no"))).isEqualTo("failed");
		assertThat(ClusterCallObservations.outcome(new ClusterReply.NotFound(1))).isEqualTo("not-found");
	}

	@Test
	void aCallWithoutAnAnswerInTimeIsATimeoutAndItsFailureIsKept() {
		WebSocketClusterException late = new WebSocketClusterException("No answer", new TimeoutException());
		assertThatExceptionOfType(WebSocketClusterException.class).isThrownBy(() -> fail(late)).isSameAs(late);
		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "timeout")
			.hasLowCardinalityKeyValue("operation", "read")
			.assertThatError()
			.isSameAs(late);
	}

	@Test
	void aRefusedCallAndAnyOtherFailureAreToldApart() {
		assertThatExceptionOfType(WebSocketClusterException.class)
			.isThrownBy(() -> fail(new WebSocketClusterException("Refused", new ExecutionException(null))));
		assertThatExceptionOfType(WebSocketClusterException.class)
			.isThrownBy(() -> fail(new WebSocketClusterException("Node b is not listening")));
		assertThat(this.registry).hasNumberOfObservationsEqualTo(2)
			.hasAnObservationWithAKeyValue("outcome", "refused")
			.hasAnObservationWithAKeyValue("outcome", "failed");
	}

	private ClusterReply fail(WebSocketClusterException failure) {
		return this.observations.observe(ClusterRequest.Operation.READ, () -> {
			throw failure;
		}, ClusterCallObservations::outcome);
	}

}
