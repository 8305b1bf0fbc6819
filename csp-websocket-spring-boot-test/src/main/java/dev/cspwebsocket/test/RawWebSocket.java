package dev.cspwebsocket.test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket client written byte by byte over TCP, for what a client library refuses to
 * send: unmasked or reserved-bit frames, unknown opcodes, broken UTF-8, lying lengths,
 * half frames. Frames from the server are read as they come. Not thread-safe.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class RawWebSocket implements AutoCloseable {

	/** Opcodes. */
	public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	/** The FIN bit of a frame's first byte. */
	public static final int FIN = 0x80;

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = new DataInputStream(socket.getInputStream());
	}

	/**
	 * Open a socket with a same-origin handshake, and check that it is upgraded.
	 * @param port the server port on localhost
	 * @param path the request target
	 * @param extraHeaders more header lines, such as a {@code Cookie}
	 * @return the open socket
	 * @throws IOException on I/O failure
	 */
	public static RawWebSocket open(int port, String path, String... extraHeaders) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("localhost", port));
		socket.setSoTimeout((int) TestClient.DEADLINE.toMillis());
		List<String> lines = new ArrayList<>(List.of("GET " + path + " HTTP/1.1", "Host: localhost:" + port,
				"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==",
				"Sec-WebSocket-Version: 13", "Origin: http://localhost:" + port));
		lines.addAll(List.of(extraHeaders));
		String head = String.join("\r\n", lines) + "\r\n\r\n";
		socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
		String status = RawHttp.readHead(socket.getInputStream()).split("\r\n")[0];
		assertThat(status).as("the handshake's status line").contains(" 101 ");
		return new RawWebSocket(socket);
	}

	/**
	 * Send a frame as written: its first byte (FIN, reserved bits, opcode) and payload,
	 * masked as a client must unless told otherwise. The frame goes out in one write, so
	 * a server that refuses it at its header has the rest already and closes cleanly, not
	 * with a reset that could beat its close frame to this client.
	 */
	public void send(int firstByte, boolean masked, byte[] payload) throws IOException {
		sendRaw(frame(firstByte, masked, payload));
	}

	/** A frame's bytes: its first byte and payload, masked when told. */
	public static byte[] frame(int firstByte, boolean masked, byte[] payload) {
		ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
		putHeader(frame, firstByte, masked, payload.length);
		if (masked) {
			byte[] mask = new byte[4];
			ThreadLocalRandom.current().nextBytes(mask);
			frame.put(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.put((byte) (payload[i] ^ mask[i % 4]));
			}
		}
		else {
			frame.put(payload);
		}
		return Arrays.copyOf(frame.array(), frame.position());
	}

	/** Send a frame's header only, announcing a payload of {@code length} bytes. */
	public void sendHeader(int firstByte, boolean masked, long length) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(10);
		putHeader(header, firstByte, masked, length);
		sendRaw(Arrays.copyOf(header.array(), header.position()));
	}

	private static void putHeader(ByteBuffer frame, int firstByte, boolean masked, long length) {
		frame.put((byte) firstByte);
		int maskBit = masked ? 0x80 : 0;
		if (length < 126) {
			frame.put((byte) (maskBit | length));
		}
		else if (length <= 0xFFFF) {
			frame.put((byte) (maskBit | 126)).putShort((short) length);
		}
		else {
			frame.put((byte) (maskBit | 127)).putLong(length);
		}
	}

	/** Send bytes as they are. */
	public void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/** Send a whole text message in one masked frame. */
	public void sendText(String text) throws IOException {
		send(FIN | TEXT, true, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The next frame from the server.
	 * @throws EOFException when the connection ends first
	 */
	public Frame readFrame() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7F;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		this.in.readFully(payload);
		return new Frame(first & 0x0F, (first & FIN) != 0, payload);
	}

	/**
	 * The next frame from the server, told in words: {@code "text"} and its text,
	 * {@code "binary"} and its length, {@code "close"} and its code and reason,
	 * {@code "ping"}, {@code "pong"}, or {@code "dropped"} when the connection ends
	 * first.
	 */
	public String nextFrameTold() throws IOException {
		Frame frame;
		try {
			frame = readFrame();
		}
		catch (EOFException | SocketException ex) {
			return "dropped";
		}
		return switch (frame.opcode()) {
			case TEXT -> "text " + new String(frame.payload(), StandardCharsets.UTF_8);
			case BINARY -> "binary " + frame.payload().length + " bytes";
			case CLOSE -> {
				TestClient.Close close = closeOf(frame);
				yield "close " + close.code() + (close.reason().isEmpty() ? "" : " " + close.reason());
			}
			case PING -> "ping";
			case PONG -> "pong";
			default -> "opcode " + frame.opcode();
		};
	}

	/** The next text message from the server, skipping pings. */
	public String nextText() throws IOException {
		while (true) {
			Frame frame = readFrame();
			if (frame.opcode() == TEXT) {
				return new String(frame.payload(), StandardCharsets.UTF_8);
			}
			assertThat(frame.opcode()).as("a frame other than a ping").isEqualTo(PING);
		}
	}

	/**
	 * Read until the server's close frame, and return its code and reason; 1006 when the
	 * connection ends without one.
	 */
	public TestClient.Close awaitClose() throws IOException {
		try {
			while (true) {
				Frame frame = readFrame();
				if (frame.opcode() == CLOSE) {
					return closeOf(frame);
				}
			}
		}
		catch (EOFException | SocketException ex) {
			return new TestClient.Close(1006, "");
		}
	}

	private static TestClient.Close closeOf(Frame frame) {
		ByteBuffer payload = ByteBuffer.wrap(frame.payload());
		int code = (payload.remaining() >= 2) ? payload.getShort() & 0xFFFF : 1005;
		return new TestClient.Close(code, StandardCharsets.UTF_8.decode(payload).toString());
	}

	/** Close the socket as a client should: a close frame, then the server's answer. */
	public TestClient.Close closeNormally() throws IOException {
		sendClose(1000);
		TestClient.Close answer = awaitClose();
		this.socket.close();
		return answer;
	}

	/**
	 * Send a close frame with a code and no reason, as the answer to the server's close
	 * or to begin one.
	 */
	public void sendClose(int code) throws IOException {
		send(FIN | CLOSE, true, closePayload(code, ""));
	}

	/**
	 * Wait for the server to end the connection (a reset counts), dropping what it still
	 * sends.
	 * @param within how long to wait at most
	 * @return whether the server ended it in that time
	 */
	public boolean awaitServerEnd(Duration within) throws IOException {
		long deadline = System.nanoTime() + within.toNanos();
		int timeout = this.socket.getSoTimeout();
		try {
			while (true) {
				long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
				if (left <= 0) {
					return false;
				}
				this.socket.setSoTimeout((int) left);
				if (this.in.read() == -1) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
		finally {
			if (!this.socket.isClosed()) {
				this.socket.setSoTimeout(timeout);
			}
		}
	}

	/** Drop the connection with a TCP reset, as a killed client does. */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** Bytes of a string in UTF-8. */
	public static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The payload of a close frame: the code, then the reason in UTF-8. */
	public static byte[] closePayload(int code, String reason) {
		byte[] text = utf8(reason);
		return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
	}

	/** Frames one after another, as one write sends them. */
	public static byte[] concat(byte[]... frames) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			bytes.writeBytes(frame);
		}
		return bytes.toByteArray();
	}

	/** Bytes given as numbers, for invalid sequences. */
	public static byte[] bytes(int... values) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int value : values) {
			bytes.write(value);
		}
		return bytes.toByteArray();
	}

	/**
	 * A frame from the server.
	 *
	 * @param opcode the opcode
	 * @param fin whether it ends its message
	 * @param payload its payload
	 */
	public record Frame(int opcode, boolean fin, byte[] payload) {
	}

}
