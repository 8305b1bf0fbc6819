package dev.cspwebsocket.engine;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8}.
 *
 * @author csp-websocket-spring-boot
 */
class Utf8Tests {

	/** The characters {@link Utf8} measures at a time. */
	private static final int CHUNK = 16 * 1024;

	@ParameterizedTest
	@ValueSource(strings = { "", "plain ASCII text", "\u0080 é ñ ß \u07ff", "\u0800 € 中文 \uffff", "😀 𝄞 \ud800\udc00",
			"héllo wörld €uro 😀😀 end" })
	void theLengthIsTheNumberOfUtf8Bytes(String text) {
		assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void aCharacterCountsOneToFourBytes() {
		assertThat(Utf8.length("a")).isEqualTo(1);
		assertThat(Utf8.length("é")).isEqualTo(2);
		assertThat(Utf8.length("€")).isEqualTo(3);
		assertThat(Utf8.length("😀")).isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(ints = { CHUNK - 2, CHUNK - 1, CHUNK, 40_000 })
	void aLongTextCountsEveryPairWholeWhereverItFalls(int asciiBefore) {
		// Pairs, a lone high surrogate and non-ASCII at and around every chunk boundary.
		String text = "a".repeat(asciiBefore) + "😀é\ud800x€".repeat(20_000);
		assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

	@ParameterizedTest
	@ValueSource(ints = { CHUNK - 2, CHUNK - 1, CHUNK, 2 * CHUNK - 1 })
	void aPairAcrossAChunkBoundaryCountsFourBytesAndNotTwoUnpairedHalves(int asciiBefore) {
		String text = "a".repeat(asciiBefore) + "😀" + "b".repeat(10);
		assertThat(Utf8.length(text)).isEqualTo(asciiBefore + 4 + 10);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, CHUNK - 1, CHUNK, 2 * CHUNK - 1 })
	void aLoneHighSurrogateAtTheEndOfATextCountsAsTheEncoderWritesIt(int asciiBefore) {
		String text = "a".repeat(asciiBefore) + "\ud800";
		assertThat(Utf8.length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

}
