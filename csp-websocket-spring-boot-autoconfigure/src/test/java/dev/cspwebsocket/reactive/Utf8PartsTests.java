package dev.cspwebsocket.reactive;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.Test;

import static dev.cspwebsocket.test.RawWebSocket.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The text of a client's text frames: checked as UTF-8, and a message in several frames
 * cut at every byte.
 *
 * @author csp-websocket-spring-boot
 */
class Utf8PartsTests {

	private static final String TEXT = "aé€😀b😀😀cü";

	@Test
	void aCharacterSplitBetweenFramesWaitsForItsLastByteAndNoPartHoldsHalfACharacter() {
		byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8);
		for (int first = 0; first <= bytes.length; first++) {
			for (int second = first; second <= bytes.length; second++) {
				Utf8Parts parts = new Utf8Parts();
				String one = parts.decode(Unpooled.wrappedBuffer(bytes, 0, first), false);
				String two = parts.decode(Unpooled.wrappedBuffer(bytes, first, second - first), false);
				String three = parts.decode(Unpooled.wrappedBuffer(bytes, second, bytes.length - second), true);
				assertThat(one + two + three).as("cut at %d and %d", first, second).isEqualTo(TEXT);
				assertThat(one + "|" + two + "|" + three).as("cut at %d and %d", first, second)
					.doesNotContain("\uFFFD");
			}
		}
	}

	@Test
	void aWholeFrameOfBytesThatAreNotUtf8IsAProtocolErrorOf1007() {
		for (byte[] notUtf8 : List.of(bytes('a', 0xC3, 0x28), bytes(0xED, 0xA0, 0x80), bytes(0xC0, 0xAF),
				bytes(0xF4, 0x90, 0x80, 0x80), bytes('a', 0xE2, 0x82))) {
			assertThatExceptionOfType(CorruptedWebSocketFrameException.class)
				.isThrownBy(() -> Utf8Parts.whole(Unpooled.wrappedBuffer(notUtf8)))
				.satisfies((ex) -> assertThat(ex.closeStatus()).isEqualTo(WebSocketCloseStatus.INVALID_PAYLOAD_DATA));
		}
	}

	@Test
	void aTextWithTheReplacementCharacterOfItsOwnIsUtf8() {
		String text = "a\uFFFDb" + TEXT;
		assertThat(Utf8Parts.whole(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(text);
		Utf8Parts parts = new Utf8Parts();
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		assertThat(parts.decode(Unpooled.wrappedBuffer(bytes, 0, 3), false)
				+ parts.decode(Unpooled.wrappedBuffer(bytes, 3, bytes.length - 3), true))
			.isEqualTo(text);
	}

	@Test
	void bytesThatAreNotUtf8SplitAcrossFramesAreAProtocolErrorOf1007() {
		Utf8Parts parts = new Utf8Parts();
		assertThat(parts.decode(Unpooled.wrappedBuffer(bytes('a', 0xE2, 0x82)), false)).isEqualTo("a");
		assertThatExceptionOfType(CorruptedWebSocketFrameException.class)
			.isThrownBy(() -> parts.decode(Unpooled.wrappedBuffer(bytes(0x28, 'b')), true));
		Utf8Parts unfinished = new Utf8Parts();
		unfinished.decode(Unpooled.wrappedBuffer(bytes('a', 0xF0, 0x9F)), false);
		assertThatExceptionOfType(CorruptedWebSocketFrameException.class)
			.isThrownBy(() -> unfinished.decode(Unpooled.wrappedBuffer(new byte[0]), true));
	}

	@Test
	void theLastFrameGivesUpWhatItHasEvenIfItEndsMidCharacter() {
		Utf8Parts parts = new Utf8Parts();
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		assertThat(parts.decode(Unpooled.wrappedBuffer(euro, 0, 2), false)).isEmpty();
		assertThat(parts.decode(Unpooled.wrappedBuffer(euro, 2, 1), true)).isEqualTo("€");
	}

}
