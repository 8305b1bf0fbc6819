package dev.cspwebsocket.reactive;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text of a message in several frames, cut at every byte.
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
	void theLastFrameGivesUpWhatItHasEvenIfItEndsMidCharacter() {
		Utf8Parts parts = new Utf8Parts();
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		assertThat(parts.decode(Unpooled.wrappedBuffer(euro, 0, 2), false)).isEmpty();
		assertThat(parts.decode(Unpooled.wrappedBuffer(euro, 2, 1), true)).isEqualTo("€");
	}

}
