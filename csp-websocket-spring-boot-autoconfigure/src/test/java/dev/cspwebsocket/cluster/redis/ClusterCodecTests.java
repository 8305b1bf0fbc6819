package dev.cspwebsocket.cluster.redis;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.cluster.FrameRefusal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterCodec}: what each frame carries, and that what another version
 * wrote is refused, never misread.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterCodecTests {

	/**
	 * Frames of the unversioned format, as the code at commit 5f3f5f7 (the last one
	 * before the format had a version) wrote them: its {@code ClusterCodec.encode}, run
	 * on the requests and replies named here, printed in hex.
	 */
	static final Map<String, String> UNVERSIONED_FRAMES = Map.ofEntries(
			// WRITE_TEXT "héllo" to socket "abc", id 42, from node-a
			Map.entry("request write",
					"01000000000000002a000000066e6f64652d6100000000036162630000000668c3a96c6c6f"
							+ "00000000000000000000000000000000"),
			// READ for reader "node-a/7", at most 100, for 1500 ms, id 43
			Map.entry("request read",
					"01000000000000002b000000066e6f64652d610200000003616263000000086e6f64652d61"
							+ "2f37000000000000006400000000000005dc"),
			// DESCRIBE, id 44
			Map.entry("request describe",
					"01000000000000002c000000066e6f64652d610600000000000000000000000000000000" + "0000000000000000"),
			Map.entry("reply done", "02000000000000002a01"), Map.entry("reply not found", "03000000000000002b"),
			Map.entry("reply closed", "04000000000000002c000003f00000000d536c6f7720636f6e73756d6572"),
			Map.entry("reply failed", "05000000000000002d00000004626f6f6d"),
			Map.entry("reply read text", "06000000000000002e000000067069c3a8636500"),
			Map.entry("reply read binary", "07000000000000002f00000002010201"),
			Map.entry("reply read timeout", "080000000000000030"),
			Map.entry("reply read closed", "090000000000000031000003e800000003627965"),
			Map.entry("reply described",
					"0a0000000000000032000000010000000361626300000004757365720000000b546573742e"
							+ "536861726564010100010000000e3132372e302e302e313a3530303000000000000000"
							+ "0100000002000000000000000300000004000000000000000500000000000000060000"
							+ "000000000007000000000000000800000009000000000000000a010000000773657373"
							+ "696f6e00000000066e6f64652d6200"));

	private static final HexFormat HEX = HexFormat.of();

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
	void everyOperationComesBackAsItWas() {
		for (ClusterRequest.Operation operation : ClusterRequest.Operation.values()) {
			ClusterRequest request = ClusterRequest.of(operation).addressed(7, "node-1", "abc");
			assertThat(ClusterCodec.decode(ClusterCodec.encode(request))).usingRecursiveComparison().isEqualTo(request);
		}
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
			assertThat(ClusterCodec.decode(ClusterCodec.encode(reply, "node-2"))).usingRecursiveComparison()
				.isEqualTo(reply);
		}
	}

	@Test
	void everyFrameBeginsWithTheMagicBytesTheVersionTheRoleTheSenderAndTheRequestId() {
		byte[] request = ClusterCodec
			.encode(ClusterRequest.of(ClusterRequest.Operation.IS_OPEN).addressed(42, "node-1", "abc"));
		byte[] reply = ClusterCodec.encode(new ClusterReply.NotFound(42), "node-2");
		assertThat(HEX.formatHex(request)).startsWith(
				"c557" + "01" + "51" + "00000006" + hex("node-1") + "000000000000002a" + "00000007" + hex("IS_OPEN"));
		assertThat(HEX.formatHex(reply)).isEqualTo(
				"c557" + "01" + "41" + "00000006" + hex("node-2") + "000000000000002a" + "00000009" + hex("NOT_FOUND"));
		// The unversioned format began with its type, 1 to 10: never the magic byte.
		assertThat(request[0] & 0xFF).isGreaterThan(10);
	}

	@Test
	void operationsAndReadResultsGoOnTheWireByNameNotByPosition() {
		byte[] read = ClusterCodec.encode(ClusterRequest.of(ClusterRequest.Operation.READ).addressed(1, "n", "s"));
		byte[] timeout = ClusterCodec.encode(new ClusterReply.Read(1, new ReadResult.Timeout()), "n");
		assertThat(new String(read, StandardCharsets.ISO_8859_1)).contains("READ");
		assertThat(new String(timeout, StandardCharsets.ISO_8859_1)).endsWith("READ\0\0\0\u0007TIMEOUT");
	}

	@Test
	void aFrameOfAnUnknownVersionIsRefusedWithWhoSentItAndWhatItIsButNotRead() {
		byte[] frame = ClusterCodec
			.encode(ClusterRequest.of(ClusterRequest.Operation.WRITE_TEXT).withText("hi").addressed(42, "b", "abc"));
		frame[2] = 99;
		assertThat(ClusterCodec.decode(frame))
			.isEqualTo(new ClusterCodec.Unreadable(FrameRefusal.VERSION, 99, true, "b", 42, "unknown version"));
		byte[] answer = ClusterCodec.encode(new ClusterReply.Done(43, true), "a");
		answer[2] = 2;
		assertThat(ClusterCodec.decode(answer))
			.isEqualTo(new ClusterCodec.Unreadable(FrameRefusal.VERSION, 2, false, "a", 43, "unknown version"));
	}

	@Test
	void anOperationOrAReplyOfAnUnknownKindIsRefusedByItsName() throws IOException {
		byte[] request = frame('Q', "b", 42, "FROB");
		assertThat(ClusterCodec.decode(request))
			.isEqualTo(new ClusterCodec.Unreadable(FrameRefusal.KIND, 1, true, "b", 42, "unknown operation 'FROB'"));
		byte[] reply = frame('A', "a", 43, "MAYBE");
		assertThat(ClusterCodec.decode(reply))
			.isEqualTo(new ClusterCodec.Unreadable(FrameRefusal.KIND, 1, false, "a", 43, "unknown answer 'MAYBE'"));
	}

	@Test
	void aFrameCutShortIsRefusedAsMalformedNotMisread() {
		byte[] whole = ClusterCodec.encode(new ClusterReply.Failed(42, "boom"), "b");
		// Cut inside its last field: read as it came, the message would be "bo".
		byte[] cut = Arrays.copyOf(whole, whole.length - 2);
		assertThat(ClusterCodec.decode(cut)).isInstanceOfSatisfying(ClusterCodec.Unreadable.class, (unreadable) -> {
			assertThat(unreadable.reason()).isEqualTo(FrameRefusal.MALFORMED);
			assertThat(unreadable.sender()).isEqualTo("b");
			assertThat(unreadable.requestId()).isEqualTo(42);
		});
		// Cut inside the envelope: who sent it is not known.
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterCodec.decode(Arrays.copyOf(whole, 8)))
			.withMessageStartingWith("Not a cluster frame");
	}

	@Test
	void bytesThatAreNoFrameOfAnyVersionAreRefusedWithAReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterCodec.decode(new byte[] { 99, 0, 0, 0, 0, 0, 0, 0, 1 }))
			.withMessage("Not a cluster frame: it begins with 99, neither the magic byte nor a type of old");
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterCodec.decode(new byte[0]))
			.withMessageStartingWith("Not a cluster frame");
	}

	@Test
	void aRefusalIsReadWhateverTheVersionOfTheNodeThatWroteIt() {
		ClusterCodec.Unreadable refused = new ClusterCodec.Unreadable(FrameRefusal.VERSION, 99, true, "b", 42,
				"unknown version");
		byte[] refusal = ClusterCodec.refusal(refused, "a");
		// A later node writes its own version in the envelope; the refusal stays
		// readable.
		refusal[2] = 7;
		assertThat(ClusterCodec.decode(refusal)).isInstanceOfSatisfying(ClusterCodec.Refusal.class, (read) -> {
			assertThat(read).isEqualTo(new ClusterCodec.Refusal("a", 7, 42, 99, "unknown version"));
			assertThat(read.message()).isEqualTo("Node a (wire format 7) refused a request of wire format 99 "
					+ "(unknown version); upgrade all nodes to the same release: nodes of different cluster wire "
					+ "formats cannot work each other's sockets");
		});
	}

	@Test
	void framesOfTheUnversionedFormatAreRefusedAsAnotherVersionAndNeverMisread() {
		UNVERSIONED_FRAMES.forEach((name, hex) -> assertThat(ClusterCodec.decode(HEX.parseHex(hex))).as(name)
			.isInstanceOfSatisfying(ClusterCodec.Unreadable.class, (unreadable) -> {
				assertThat(unreadable.reason()).isEqualTo(FrameRefusal.VERSION);
				assertThat(unreadable.version()).isEqualTo(ClusterCodec.UNVERSIONED);
				assertThat(unreadable.request()).isEqualTo(name.startsWith("request"));
				// Who waits for an answer can be read: requests name their node.
				assertThat(unreadable.sender()).isEqualTo(name.startsWith("request") ? "node-a" : "");
				assertThat(unreadable.message()).startsWith("Refused a")
					.contains("the unversioned wire format (before wire format 1)", "this node speaks wire format 1",
							"upgrade all nodes to the same release");
			}));
		assertThat(ClusterCodec.decode(HEX.parseHex(UNVERSIONED_FRAMES.get("request read")))).extracting("requestId")
			.isEqualTo(43L);
	}

	@Test
	void aRequestOfTheUnversionedFormatIsRefusedWithAFailureThatTheOldNodeReads() {
		ClusterCodec.Unreadable request = (ClusterCodec.Unreadable) ClusterCodec
			.decode(HEX.parseHex(UNVERSIONED_FRAMES.get("request write")));
		byte[] refusal = ClusterCodec.refusal(request, "b");
		// As the old format's FAILED ("reply failed" above): type 5, the request id, a
		// message.
		ByteBuffer read = ByteBuffer.wrap(refusal);
		assertThat(read.get()).isEqualTo((byte) 5);
		assertThat(read.getLong()).isEqualTo(42);
		byte[] message = new byte[read.getInt()];
		read.get(message);
		assertThat(read.hasRemaining()).isFalse();
		assertThat(new String(message, StandardCharsets.UTF_8))
			.isEqualTo("node b speaks cluster wire format 1 and refused this node's request of the unversioned "
					+ "wire format; upgrade all nodes to the same release: nodes of different cluster wire formats "
					+ "cannot work each other's sockets");
	}

	private static String hex(String text) {
		return HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A frame of this version with a kind of its own, as a node with a bug might send.
	 */
	private static byte[] frame(char role, String sender, long requestId, String kind) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(new byte[] { (byte) 0xC5, 0x57, ClusterCodec.FORMAT, (byte) role });
			out.writeInt(sender.length());
			out.writeBytes(sender);
			out.writeLong(requestId);
			out.writeInt(kind.length());
			out.writeBytes(kind);
		}
		return bytes.toByteArray();
	}

}
