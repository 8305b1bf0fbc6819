package dev.cspwebsocket.cluster.redis;

import java.time.Instant;
import java.util.List;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterCodec}.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterCodecTests {

	@Test
	void aRequestComesBackAsItWasWithUnicodeAndBytes() {
		ClusterRequest request = ClusterRequest.of(ClusterRequest.Operation.WRITE_BINARY)
			.withText("héllo 😀")
			.withData(new byte[] { 0, -1, 7 })
			.withRead(32656, 1500)
			.addressed(42, "node-1", "abcdef");
		ClusterRequest decoded = (ClusterRequest) ClusterCodec.decode(ClusterCodec.encode(request));
		assertThat(decoded).usingRecursiveComparison().isEqualTo(request);
	}

	@Test
	void everyKindOfReplyComesBackAsItWas() {
		WebSocketInfo info = new WebSocketInfo("id", "user", "MyApp.Chat", true, true, null, "127.0.0.1:5000",
				Instant.ofEpochSecond(1, 2), Instant.ofEpochSecond(3, 4), 5, 6, 7, 8, 9, 10, "session", null, "node-2",
				null);
		WebSocketInfo away = new WebSocketInfo("id2", "user", "MyApp.Chat", true, true, null, null,
				Instant.ofEpochSecond(1, 2), Instant.ofEpochSecond(3, 4), 5, 6, 7, 8, 9, 10, null, null, "node-2",
				new WebSocketInfo.Away(Instant.ofEpochSecond(11, 12), 13, 14));
		List<ClusterReply> replies = List.of(new ClusterReply.Done(1, true), new ClusterReply.Done(2, false),
				new ClusterReply.NotFound(3), new ClusterReply.Closed(4, 1008, "Slow consumer"),
				new ClusterReply.Failed(5, "boom"), new ClusterReply.Read(6, new ReadResult.Text("pièce", false)),
				new ClusterReply.Read(7, new ReadResult.Binary(new byte[] { 1, 2 }, true)),
				new ClusterReply.Read(8, new ReadResult.Timeout()),
				new ClusterReply.Read(9, new ReadResult.Closed(1000, "")),
				new ClusterReply.Described(10, List.of(info, away, info)));
		for (ClusterReply reply : replies) {
			assertThat(ClusterCodec.decode(ClusterCodec.encode(reply))).usingRecursiveComparison().isEqualTo(reply);
		}
	}

	@Test
	void bytesThatAreNoClusterMessageAreRefusedWithAReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterCodec.decode(new byte[] { 99, 0, 0, 0, 0, 0, 0, 0, 1 }))
			.withMessage("Unknown cluster message type 99");
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterCodec.decode(new byte[] { 77 }))
			.withMessageStartingWith("Not a cluster message");
	}

}
