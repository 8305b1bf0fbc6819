package dev.cspwebsocket.cluster.redis;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.cluster.FrameRefusal;
import dev.cspwebsocket.cluster.SharedSocket;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the entries of {@link ClusterRegistry}, which other nodes read.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterRegistryTests {

	/**
	 * A socket's entry of the unversioned format, as the code at commit 5f3f5f7 (the last
	 * one before the format had a version) wrote it for socket {@code abc} of node
	 * {@code node-b}: application {@code user}, server class {@code Test.Shared}, server
	 * type {@code dev.cspwebsocket.testapp.SharedServer}, session {@code session-1}, no
	 * subprotocol; UTF-8 in hex.
	 */
	static final String UNVERSIONED_ENTRY = "757365721f546573742e5368617265641f6465762e637370776562736f636b6574"
			+ "2e746573746170702e5368617265645365727665721f73657373696f6e2d311f";

	private static final String WEBSOCKET_ID = "0123456789abcdef0123456789abcdef";

	private final ClusterRefusals refusals = new ClusterRefusals();

	private final ClusterRegistry registry = new ClusterRegistry("csp:ws:", "a", Duration.ofSeconds(8),
			new RedisLink(new StringRedisTemplate(), Runnable::run, Duration.ofSeconds(1)), List::of, (id) -> false,
			this.refusals);

	private final SharedSocket socket = new SharedSocket(WEBSOCKET_ID, "node-b", "user", "Test.Shared",
			"dev.cspwebsocket.testapp.SharedServer", "session-1", null);

	@Test
	void aSocketsEntryComesBackAsItWas() {
		SharedSocket withSubprotocol = new SharedSocket(WEBSOCKET_ID, "node-b", "user", "Test.Shared", "x.Server", null,
				"chat");
		for (SharedSocket registered : List.of(this.socket, withSubprotocol)) {
			assertThat(this.registry.socket(WEBSOCKET_ID, "node-b", ClusterRegistry.entry(registered)))
				.isEqualTo(registered);
		}
		assertThat(this.refusals.count(FrameRefusal.VERSION)).isZero();
	}

	@Test
	void anEntryIsTheUnversionedOneWithTheVersionAfterItSoThatAnOldNodeReadsItAsBefore() {
		String unversioned = new String(HexFormat.of().parseHex(UNVERSIONED_ENTRY),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(ClusterRegistry.entry(this.socket)).isEqualTo(unversioned + "\u001F1");
	}

	@Test
	void anEntryOfTheUnversionedFormatIsRefusedWithWhatToDoAndCounted() {
		String unversioned = new String(HexFormat.of().parseHex(UNVERSIONED_ENTRY),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThatExceptionOfType(WebSocketClusterException.class)
			.isThrownBy(() -> this.registry.socket(WEBSOCKET_ID, "node-b", unversioned))
			.withMessage("WebSocket 012345… is registered by node node-b in the unversioned wire format (before "
					+ "wire format 1), and this node speaks wire format 1; upgrade all nodes to the same release: "
					+ "nodes of different cluster wire formats cannot work each other's sockets");
		assertThat(this.refusals.count(FrameRefusal.VERSION)).isOne();
	}

	@Test
	void anEntryOfALaterVersionIsRefusedEvenWithFieldsThisVersionDoesNotKnow() {
		assertThatExceptionOfType(WebSocketClusterException.class)
			.isThrownBy(() -> this.registry.socket(WEBSOCKET_ID, "node-b",
					"user\u001FTest.Shared\u001Fx.Server\u001F\u001F\u001F2\u001Fnew field"))
			.withMessageContaining("in wire format 2, and this node speaks wire format 1; upgrade all nodes");
		assertThat(this.refusals.count(FrameRefusal.VERSION)).isOne();
	}

	@Test
	void aGarbledEntryIsRefusedAsMalformed() {
		assertThatExceptionOfType(WebSocketClusterException.class)
			.isThrownBy(() -> this.registry.socket(WEBSOCKET_ID, "node-b", "user\u001FTest.Shared"))
			.withMessageContaining("in an entry this node cannot read");
		assertThat(this.refusals.count(FrameRefusal.MALFORMED)).isOne();
		assertThat(this.refusals.count(FrameRefusal.VERSION)).isZero();
	}

}
