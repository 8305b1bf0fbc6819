package dev.cspwebsocket.reactive;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * The text of a client's text frames, checked as UTF-8 as it is decoded: one pass of the
 * JDK's decoder, which replaces what is not UTF-8 with U+FFFD, and a strict check only of
 * a text where that character appears (Netty's own validator looks at every byte apart,
 * and cost an eighth of a 4 KB echo). For a message in several frames, a character whose
 * bytes a frame boundary splits waits for the rest of its bytes in the next frame. Used
 * on the socket's event loop only.
 *
 * @author csp-websocket-spring-boot
 */
final class Utf8Parts {

	private static final char REPLACEMENT = '\uFFFD';

	/** The start of a character split by the last frame: at most three bytes. */
	private final byte[] carried = new byte[3];

	private int carriedLength;

	/**
	 * The text of a message in one frame.
	 * @throws CorruptedWebSocketFrameException (1007) when its bytes are not UTF-8
	 */
	static String whole(ByteBuf content) {
		String text = content.toString(StandardCharsets.UTF_8);
		if (text.indexOf(REPLACEMENT) >= 0) {
			check(content.nioBuffer());
		}
		return text;
	}

	/**
	 * The text of a frame, without the bytes of a character it leaves unfinished, unless
	 * it is the last.
	 * @throws CorruptedWebSocketFrameException (1007) when its bytes are not UTF-8
	 */
	String decode(ByteBuf content, boolean last) {
		byte[] bytes = new byte[this.carriedLength + content.readableBytes()];
		System.arraycopy(this.carried, 0, bytes, 0, this.carriedLength);
		content.getBytes(content.readerIndex(), bytes, this.carriedLength, content.readableBytes());
		int end = last ? bytes.length : bytes.length - unfinished(bytes);
		this.carriedLength = bytes.length - end;
		System.arraycopy(bytes, end, this.carried, 0, this.carriedLength);
		String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
		if (text.indexOf(REPLACEMENT) >= 0) {
			check(ByteBuffer.wrap(bytes, 0, end));
		}
		return text;
	}

	/**
	 * Whether the text decoded had U+FFFD of its own, or for bytes that are not UTF-8.
	 */
	private static void check(ByteBuffer bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(bytes);
		}
		catch (CharacterCodingException ex) {
			throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
					"bytes are not UTF-8");
		}
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
