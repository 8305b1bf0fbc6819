package dev.cspwebsocket.cluster.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.cluster.FrameRefusal;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of the frames that nodes publish to each other: compact, and binary messages
 * go as they are. Stateless and thread-safe.
 * <p>
 * Every frame begins with an envelope that stays the same in every version, so that a
 * node can tell a frame it cannot read, and who waits for an answer to it, and refuse it
 * rather than misread it: <pre>
 * magic      2 bytes  0xC5 0x57: 0xC5 is no type of the unversioned format (1 to 10)
 * version    1 byte   the writer's wire format, {@link #FORMAT}
 * role       1 byte   'Q' request, 'A' answer, 'R' refusal
 * sender     string   the id of the node that wrote it
 * request id 8 bytes  the request's own, or that of the request answered or refused
 * </pre> A refusal goes on with the version refused (1 byte) and why (string): frozen
 * too, so that a node of any version reads it. Requests and answers go on with their kind
 * by name (an operation, {@code DONE}, {@code READ}...) and its fields, as their version
 * lays them out. Strings are a 4-byte length and UTF-8, numbers big-endian.
 *
 * @author csp-websocket-spring-boot
 */
final class ClusterCodec {

	/**
	 * The wire format this node writes and reads, frames and registry entries. A change
	 * to what follows the envelope, or to the registry's entries, makes a new one.
	 */
	static final int FORMAT = 1;

	/** The version of the frames of before the format had one. */
	static final int UNVERSIONED = 0;

	static final String UPGRADE = "upgrade all nodes to the same release: nodes of different cluster wire formats "
			+ "cannot work each other's sockets";

	private static final byte MAGIC = (byte) 0xC5;

	private static final byte MAGIC_2 = 0x57;

	private static final byte REQUEST = 'Q';

	private static final byte ANSWER = 'A';

	private static final byte REFUSAL = 'R';

	// The unversioned format began each frame with its type: 1 a request (then its id
	// and who to answer), up to 10; and read an answer of type 5 as a failure.
	private static final int UNVERSIONED_REQUEST = 1;

	private static final int UNVERSIONED_LAST_TYPE = 10;

	private static final byte UNVERSIONED_FAILED = 5;

	private static final String DONE = "DONE";

	private static final String NOT_FOUND = "NOT_FOUND";

	private static final String CLOSED = "CLOSED";

	private static final String FAILED = "FAILED";

	private static final String READ = "READ";

	private static final String DESCRIBED = "DESCRIBED";

	private static final String TEXT = "TEXT";

	private static final String BINARY = "BINARY";

	private static final String TIMEOUT = "TIMEOUT";

	private ClusterCodec() {
	}

	static byte[] encode(ClusterRequest request) {
		return write((out) -> {
			envelope(out, REQUEST, request.replyTo(), request.id());
			writeString(out, request.operation().name());
			writeString(out, request.webSocketId());
			writeString(out, request.text());
			writeBytes(out, request.data());
			out.writeInt(request.maxLength());
			out.writeLong(request.timeoutMillis());
		});
	}

	/**
	 * The frame of an answer.
	 * @param sender the id of the answering node
	 */
	static byte[] encode(ClusterReply reply, String sender) {
		return write((out) -> {
			envelope(out, ANSWER, sender, reply.requestId());
			if (reply instanceof ClusterReply.Done done) {
				writeString(out, DONE);
				out.writeBoolean(done.answer());
			}
			else if (reply instanceof ClusterReply.NotFound) {
				writeString(out, NOT_FOUND);
			}
			else if (reply instanceof ClusterReply.Closed closed) {
				writeString(out, CLOSED);
				out.writeInt(closed.code());
				writeString(out, closed.reason());
			}
			else if (reply instanceof ClusterReply.Failed failed) {
				writeString(out, FAILED);
				writeString(out, failed.message());
			}
			else if (reply instanceof ClusterReply.Read read) {
				writeString(out, READ);
				writeResult(out, read.result());
			}
			else {
				List<WebSocketInfo> sockets = ((ClusterReply.Described) reply).sockets();
				writeString(out, DESCRIBED);
				out.writeInt(sockets.size());
				for (WebSocketInfo socket : sockets) {
					writeInfo(out, socket);
				}
			}
		});
	}

	/**
	 * The refusal of a request that this node cannot read, in a frame that its sender
	 * reads: the frozen refusal, or for a node of the unversioned format, which reads
	 * nothing newer, an answer of its own that fails its call at once.
	 * @param sender the id of this node
	 */
	static byte[] refusal(Unreadable request, String sender) {
		if (request.version() == UNVERSIONED) {
			return write((out) -> {
				out.writeByte(UNVERSIONED_FAILED);
				out.writeLong(request.requestId());
				writeString(out, "node " + sender + " speaks cluster wire format " + FORMAT
						+ " and refused this node's request of the unversioned wire format; " + UPGRADE);
			});
		}
		return write((out) -> {
			envelope(out, REFUSAL, sender, request.requestId());
			out.writeByte(request.version());
			writeString(out, request.detail());
		});
	}

	private static void envelope(DataOutputStream out, byte role, String sender, long requestId) throws IOException {
		out.writeByte(MAGIC);
		out.writeByte(MAGIC_2);
		out.writeByte(FORMAT);
		out.writeByte(role);
		writeString(out, sender);
		out.writeLong(requestId);
	}

	private static void writeResult(DataOutputStream out, ReadResult result) throws IOException {
		if (result instanceof ReadResult.Text text) {
			writeString(out, TEXT);
			writeString(out, text.data());
			out.writeBoolean(text.atEnd());
		}
		else if (result instanceof ReadResult.Binary binary) {
			writeString(out, BINARY);
			writeBytes(out, binary.data());
			out.writeBoolean(binary.atEnd());
		}
		else if (result instanceof ReadResult.Closed closed) {
			writeString(out, CLOSED);
			out.writeInt(closed.code());
			writeString(out, closed.reason());
		}
		else {
			writeString(out, TIMEOUT);
		}
	}

	private static void writeInfo(DataOutputStream out, WebSocketInfo socket) throws IOException {
		writeString(out, socket.webSocketId());
		writeString(out, socket.application());
		writeString(out, socket.serverClass());
		out.writeBoolean(socket.sharedConnection());
		out.writeBoolean(socket.open());
		writeNullable(out, socket.subprotocol());
		writeNullable(out, socket.remoteAddress());
		writeInstant(out, socket.openedAt());
		writeInstant(out, socket.lastActivity());
		out.writeLong(socket.messagesIn());
		out.writeLong(socket.bytesIn());
		out.writeLong(socket.messagesOut());
		out.writeLong(socket.bytesOut());
		out.writeInt(socket.inboundQueued());
		out.writeLong(socket.outboundBuffered());
		writeNullable(out, socket.sessionId());
		writeNullable(out, socket.principal());
		writeString(out, socket.node());
		WebSocketInfo.Away away = socket.away();
		out.writeBoolean(away != null);
		if (away != null) {
			writeInstant(out, away.since());
			out.writeLong(away.keptMessages());
			out.writeLong(away.keptBytes());
		}
	}

	/**
	 * Read what a node published. A frame whose envelope can be read is never refused
	 * with an exception: one of another version, of an unknown kind, or cut short comes
	 * back as {@link Unreadable}, so that its sender can be answered.
	 * @throws IllegalArgumentException when the bytes are no frame of any version
	 */
	static ClusterFrame decode(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			int first = in.readUnsignedByte();
			if (first >= UNVERSIONED_REQUEST && first <= UNVERSIONED_LAST_TYPE) {
				return unversioned(first, in);
			}
			if (first != (MAGIC & 0xFF) || in.readByte() != MAGIC_2) {
				throw new IllegalArgumentException(
						"Not a cluster frame: it begins with " + first + ", neither the magic byte nor a type of old");
			}
			int version = in.readUnsignedByte();
			byte role = in.readByte();
			String sender = readString(in);
			long requestId = in.readLong();
			if (role == REFUSAL) {
				return new Refusal(sender, version, requestId, in.readUnsignedByte(), readString(in));
			}
			boolean request = role == REQUEST;
			if (version != FORMAT) {
				return new Unreadable(FrameRefusal.VERSION, version, request, sender, requestId, "unknown version");
			}
			try {
				if (request) {
					return readRequest(in, sender, requestId);
				}
				if (role == ANSWER) {
					return readReply(in, requestId);
				}
				return new Unreadable(FrameRefusal.KIND, version, false, sender, requestId, "unknown role " + role);
			}
			catch (UnknownKindException ex) {
				return new Unreadable(FrameRefusal.KIND, version, request, sender, requestId, ex.detail);
			}
			catch (IOException | RuntimeException ex) {
				return new Unreadable(FrameRefusal.MALFORMED, version, request, sender, requestId,
						"cut short or garbled (" + ex + ")");
			}
		}
		catch (IOException | RuntimeException ex) {
			throw (ex instanceof IllegalArgumentException illegal) ? illegal
					: new IllegalArgumentException("Not a cluster frame: " + ex, ex);
		}
	}

	/** A frame of the unversioned format: only a request says who to answer. */
	private static Unreadable unversioned(int type, DataInputStream in) throws IOException {
		long requestId = in.readLong();
		boolean request = type == UNVERSIONED_REQUEST;
		return new Unreadable(FrameRefusal.VERSION, UNVERSIONED, request, request ? readString(in) : "", requestId,
				"unknown version");
	}

	private static ClusterRequest readRequest(DataInputStream in, String sender, long requestId)
			throws IOException, UnknownKindException {
		String name = readString(in);
		ClusterRequest.Operation operation = null;
		for (ClusterRequest.Operation candidate : ClusterRequest.Operation.values()) {
			if (candidate.name().equals(name)) {
				operation = candidate;
			}
		}
		if (operation == null) {
			throw new UnknownKindException("operation", name);
		}
		return new ClusterRequest(requestId, sender, operation, readString(in), readString(in), readBytes(in),
				in.readInt(), in.readLong());
	}

	private static ClusterReply readReply(DataInputStream in, long requestId) throws IOException, UnknownKindException {
		String kind = readString(in);
		return switch (kind) {
			case DONE -> new ClusterReply.Done(requestId, in.readBoolean());
			case NOT_FOUND -> new ClusterReply.NotFound(requestId);
			case CLOSED -> new ClusterReply.Closed(requestId, in.readInt(), readString(in));
			case FAILED -> new ClusterReply.Failed(requestId, readString(in));
			case READ -> new ClusterReply.Read(requestId, readResult(in));
			case DESCRIBED -> new ClusterReply.Described(requestId, readInfos(in));
			default -> throw new UnknownKindException("answer", kind);
		};
	}

	private static ReadResult readResult(DataInputStream in) throws IOException, UnknownKindException {
		String kind = readString(in);
		return switch (kind) {
			case TEXT -> new ReadResult.Text(readString(in), in.readBoolean());
			case BINARY -> new ReadResult.Binary(readBytes(in), in.readBoolean());
			case CLOSED -> new ReadResult.Closed(in.readInt(), readString(in));
			case TIMEOUT -> new ReadResult.Timeout();
			default -> throw new UnknownKindException("read result", kind);
		};
	}

	private static List<WebSocketInfo> readInfos(DataInputStream in) throws IOException {
		int count = in.readInt();
		List<WebSocketInfo> sockets = new ArrayList<>(Math.min(count, 1024));
		for (int i = 0; i < count; i++) {
			sockets.add(new WebSocketInfo(readString(in), readString(in), readString(in), in.readBoolean(),
					in.readBoolean(), readNullable(in), readNullable(in), readInstant(in), readInstant(in),
					in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readLong(),
					readNullable(in), readNullable(in), readString(in),
					in.readBoolean() ? new WebSocketInfo.Away(readInstant(in), in.readLong(), in.readLong()) : null));
		}
		return sockets;
	}

	/**
	 * A version as the messages name it.
	 * @param version a version, or {@link #UNVERSIONED}
	 */
	static String format(int version) {
		return (version == UNVERSIONED) ? "the unversioned wire format (before wire format 1)"
				: "wire format " + version;
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String readString(DataInputStream in) throws IOException {
		return new String(readBytes(in), StandardCharsets.UTF_8);
	}

	private static void writeNullable(DataOutputStream out, @Nullable String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			writeString(out, value);
		}
	}

	private static @Nullable String readNullable(DataInputStream in) throws IOException {
		return in.readBoolean() ? readString(in) : null;
	}

	private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
		out.writeInt(value.length);
		out.write(value);
	}

	private static byte[] readBytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		byte[] value = in.readNBytes(length);
		if (value.length < length) {
			throw new IOException("Cut short: " + value.length + " of " + length + " bytes");
		}
		return value;
	}

	private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
		out.writeLong(instant.getEpochSecond());
		out.writeInt(instant.getNano());
	}

	private static Instant readInstant(DataInputStream in) throws IOException {
		return Instant.ofEpochSecond(in.readLong(), in.readInt());
	}

	private static byte[] write(Writer writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writer.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@FunctionalInterface
	private interface Writer {

		void write(DataOutputStream out) throws IOException;

	}

	/**
	 * A frame that this node cannot read, of which the envelope says who sent it: to be
	 * refused, never misread.
	 *
	 * @param reason why it cannot be read
	 * @param version its wire format version
	 * @param request whether it is a request, whose sender waits for an answer
	 * @param sender the node that sent it, empty when unknown (an answer of the
	 * unversioned format)
	 * @param requestId the request that it is, or answers
	 * @param detail what could not be read
	 */
	record Unreadable(FrameRefusal reason, int version, boolean request, String sender, long requestId,
			String detail) implements ClusterFrame {

		/** What this node logs of it. */
		String message() {
			return "Refused " + (this.request ? "a request" : "an answer") + " of " + format(this.version) + " from "
					+ (this.sender.isEmpty() ? "another node" : "node " + this.sender) + " (this node speaks "
					+ format(FORMAT) + "): " + this.detail + "; " + UPGRADE;
		}

		/** Why the request that it answers failed. */
		String answerMessage(String node) {
			return "Node " + node + " answered in " + format(this.version) + ", which this node (" + format(FORMAT)
					+ ") cannot read (" + this.detail + "); " + UPGRADE;
		}

	}

	/**
	 * Another node refused a request of this node, which it could not read.
	 *
	 * @param sender the refusing node
	 * @param version the refusing node's wire format version
	 * @param requestId the request refused
	 * @param refusedVersion the version of the request, as the refusing node read it
	 * @param detail what the refusing node could not read
	 */
	record Refusal(String sender, int version, long requestId, int refusedVersion,
			String detail) implements ClusterFrame {

		/** Why the request failed. */
		String message() {
			return "Node " + this.sender + " (" + format(this.version) + ") refused a request of "
					+ format(this.refusedVersion) + " (" + this.detail + "); " + UPGRADE;
		}

	}

	/** A kind of frame, operation or result that this version does not know. */
	private static final class UnknownKindException extends Exception {

		private final String detail;

		UnknownKindException(String what, String name) {
			super(null, null, false, false);
			// Bounded: the name comes from another node, and goes to the log.
			this.detail = "unknown " + what + " '" + ((name.length() > 64) ? name.substring(0, 64) + "..." : name)
					+ "'";
		}

	}

}
