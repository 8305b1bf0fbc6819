package dev.cspwebsocket.cluster.redis;

import dev.cspwebsocket.cluster.FrameRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterRefusals}.
 *
 * @author csp-websocket-spring-boot
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterRefusalsTests {

	@Test
	void eachRefusalIsCountedAndLoggedOncePerReasonAndVersion(CapturedOutput output) {
		ClusterRefusals refusals = new ClusterRefusals();
		for (int i = 0; i < 3; i++) {
			refusals.refused(FrameRefusal.VERSION, 2, () -> "Refused a frame of wire format 2");
			refusals.refused(FrameRefusal.VERSION, 0, () -> "Refused a frame of the unversioned wire format");
		}
		refusals.refused(FrameRefusal.KIND, 1, () -> "Refused a frame of an unknown kind");
		assertThat(refusals.count(FrameRefusal.VERSION)).isEqualTo(6);
		assertThat(refusals.count(FrameRefusal.KIND)).isOne();
		assertThat(refusals.count(FrameRefusal.MALFORMED)).isZero();
		assertThat(warnings(output, "Refused a frame of wire format 2")).isOne();
		assertThat(warnings(output, "Refused a frame of the unversioned wire format")).isOne();
		assertThat(output.getOut()).contains(
				"Refused a frame of an unknown kind (logged once; csp.websocket.cluster.frames.refused counts each)");
	}

	private static long warnings(CapturedOutput output, String message) {
		return output.getOut().lines().filter((line) -> line.contains("WARN") && line.contains(message)).count();
	}

}
