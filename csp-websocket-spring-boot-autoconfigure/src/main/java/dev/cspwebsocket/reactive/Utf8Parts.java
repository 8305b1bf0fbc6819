package dev.cspwebsocket.reactive;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The text of a message that comes in several frames, frame by frame: a character whose
 * bytes a frame boundary splits waits for the rest of its bytes in the next frame.
 * Netty's validator has checked the bytes. Used on the socket's event loop only.
 *
 * @author csp-websocket-spring-boot
 */
final class Utf8Parts {

	/** The start of a character split by the last frame: at most three bytes. */
	private final byte[] carried = new byte[3];

	private int carriedLength;

	/**
	 * The text of a frame, without the bytes of a character it leaves unfinished, unless
	 * it is the last.
	 */
	String decode(ByteBuf content, boolean last) {
		byte[] bytes = new byte[this.carriedLength + content.readableBytes()];
		System.arraycopy(this.carried, 0, bytes, 0, this.carriedLength);
		content.getBytes(content.readerIndex(), bytes, this.carriedLength, content.readableBytes());
		int end = last ? bytes.length : bytes.length - unfinished(bytes);
		this.carriedLength = bytes.length - end;
		System.arraycopy(bytes, end, this.carried, 0, this.carriedLength);
		return new String(bytes, 0, end, StandardCharsets.UTF_8);
	}

	/** How many bytes at the end start a character that the next frame finishes. */
	private static int unfinished(byte[] bytes) {
		for (int back = 1; back <= Math.min(3, bytes.length); back++) {
			int b = bytes[bytes.length - back] & 0xFF;
			if ((b & 0xC0) != 0x80) {
				// The character's first byte: how long the character is.
				int length = (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 1;
				return (length > back) ? back : 0;
			}
		}
		return 0;
	}

}
