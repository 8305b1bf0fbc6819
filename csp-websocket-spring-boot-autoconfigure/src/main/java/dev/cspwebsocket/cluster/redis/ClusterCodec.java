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
import org.jspecify.annotations.Nullable;

/**
 * The bytes of the requests and replies that nodes publish to each other: compact, and
 * binary messages go as they are. Stateless and thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ClusterCodec {

	private static final byte REQUEST = 1;

	private static final byte DONE = 2;

	private static final byte NOT_FOUND = 3;

	private static final byte CLOSED = 4;

	private static final byte FAILED = 5;

	private static final byte READ_TEXT = 6;

	private static final byte READ_BINARY = 7;

	private static final byte READ_TIMEOUT = 8;

	private static final byte READ_CLOSED = 9;

	private static final byte DESCRIBED = 10;

	private ClusterCodec() {
	}

	static byte[] encode(ClusterRequest request) {
		return write((out) -> {
			out.writeByte(REQUEST);
			out.writeLong(request.id());
			writeString(out, request.replyTo());
			out.writeByte(request.operation().ordinal());
			writeString(out, request.webSocketId());
			writeString(out, request.text());
			writeBytes(out, request.data());
			out.writeInt(request.maxLength());
			out.writeLong(request.timeoutMillis());
		});
	}

	static byte[] encode(ClusterReply reply) {
		return write((out) -> {
			if (reply instanceof ClusterReply.Done done) {
				head(out, DONE, reply);
				out.writeBoolean(done.answer());
			}
			else if (reply instanceof ClusterReply.NotFound) {
				head(out, NOT_FOUND, reply);
			}
			else if (reply instanceof ClusterReply.Closed closed) {
				head(out, CLOSED, reply);
				out.writeInt(closed.code());
				writeString(out, closed.reason());
			}
			else if (reply instanceof ClusterReply.Failed failed) {
				head(out, FAILED, reply);
				writeString(out, failed.message());
			}
			else if (reply instanceof ClusterReply.Read read) {
				writeRead(out, read);
			}
			else {
				List<WebSocketInfo> sockets = ((ClusterReply.Described) reply).sockets();
				head(out, DESCRIBED, reply);
				out.writeInt(sockets.size());
				for (WebSocketInfo socket : sockets) {
					writeInfo(out, socket);
				}
			}
		});
	}

	private static void head(DataOutputStream out, byte type, ClusterReply reply) throws IOException {
		out.writeByte(type);
		out.writeLong(reply.requestId());
	}

	private static void writeRead(DataOutputStream out, ClusterReply.Read read) throws IOException {
		ReadResult result = read.result();
		if (result instanceof ReadResult.Text text) {
			head(out, READ_TEXT, read);
			writeString(out, text.data());
			out.writeBoolean(text.atEnd());
		}
		else if (result instanceof ReadResult.Binary binary) {
			head(out, READ_BINARY, read);
			writeBytes(out, binary.data());
			out.writeBoolean(binary.atEnd());
		}
		else if (result instanceof ReadResult.Closed closed) {
			head(out, READ_CLOSED, read);
			out.writeInt(closed.code());
			writeString(out, closed.reason());
		}
		else {
			head(out, READ_TIMEOUT, read);
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
	 * Read what a node published.
	 * @return a {@link ClusterRequest} or a {@link ClusterReply}
	 * @throws IllegalArgumentException when the bytes are not a message of this codec
	 */
	static Object decode(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			byte type = in.readByte();
			if (type == REQUEST) {
				return new ClusterRequest(in.readLong(), readString(in),
						ClusterRequest.Operation.values()[in.readByte()], readString(in), readString(in), readBytes(in),
						in.readInt(), in.readLong());
			}
			long requestId = in.readLong();
			return switch (type) {
				case DONE -> new ClusterReply.Done(requestId, in.readBoolean());
				case NOT_FOUND -> new ClusterReply.NotFound(requestId);
				case CLOSED -> new ClusterReply.Closed(requestId, in.readInt(), readString(in));
				case FAILED -> new ClusterReply.Failed(requestId, readString(in));
				case READ_TEXT ->
					new ClusterReply.Read(requestId, new ReadResult.Text(readString(in), in.readBoolean()));
				case READ_BINARY ->
					new ClusterReply.Read(requestId, new ReadResult.Binary(readBytes(in), in.readBoolean()));
				case READ_TIMEOUT -> new ClusterReply.Read(requestId, new ReadResult.Timeout());
				case READ_CLOSED ->
					new ClusterReply.Read(requestId, new ReadResult.Closed(in.readInt(), readString(in)));
				case DESCRIBED -> new ClusterReply.Described(requestId, readInfos(in));
				default -> throw new IllegalArgumentException("Unknown cluster message type " + type);
			};
		}
		catch (IllegalArgumentException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("Not a cluster message: " + ex.getMessage(), ex);
		}
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
		return in.readNBytes(in.readInt());
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

}
