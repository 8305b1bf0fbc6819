package dev.cspwebsocket.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.cspwebsocket.ReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InboundMessages}.
 *
 * @author csp-websocket-spring-boot
 */
class InboundMessagesTests {

	private static final String MESSAGE = "héllo wörld €uro 😀😀 end";

	// Whole characters in every part, as Connection delivers them.
	private static final List<String> MESSAGE_PARTS = List.of("hél", "lo wö", "rld €", "uro 😀", "😀", " end");

	@Test
	void partsOfTheTestMessageMakeUpTheMessage() {
		assertThat(String.join("", MESSAGE_PARTS)).isEqualTo(MESSAGE);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 5 })
	void textMessageInSeveralPartsIsReadInPiecesOfAtMostMaxLengthCodePoints(int maxLength) {
		InboundMessages inbound = new InboundMessages();
		addText(inbound, MESSAGE_PARTS);
		List<ReadResult.Text> pieces = new ArrayList<>();
		while (!inbound.isEmpty()) {
			pieces.add((ReadResult.Text) inbound.take(maxLength));
		}
		StringBuilder read = new StringBuilder();
		for (int i = 0; i < pieces.size(); i++) {
			String data = pieces.get(i).data();
			boolean finalPiece = i == pieces.size() - 1;
			assertThat(data).isNotEmpty();
			int codePoints = data.codePointCount(0, data.length());
			assertThat(codePoints).isLessThanOrEqualTo(maxLength);
			if (!finalPiece) {
				// Parts already received are joined up to the requested length.
				assertThat(codePoints).isEqualTo(maxLength);
			}
			assertThat(Character.isLowSurrogate(data.charAt(0))).as("piece %d starts with a lone surrogate", i)
				.isFalse();
			assertThat(Character.isHighSurrogate(data.charAt(data.length() - 1)))
				.as("piece %d ends with a lone surrogate", i)
				.isFalse();
			assertThat(pieces.get(i).atEnd()).as("atEnd of piece %d", i).isEqualTo(finalPiece);
			read.append(data);
		}
		assertThat(read).hasToString(MESSAGE);
		assertThat(pieces).hasSize(ceilDiv(MESSAGE.codePointCount(0, MESSAGE.length()), maxLength));
	}

	@Test
	void surrogatePairIsNeverSplitEvenWhenOnlyOneCodePointIsRequested() {
		InboundMessages inbound = new InboundMessages();
		addText(inbound, List.of("😀x😀"));
		assertThat(inbound.take(1)).isEqualTo(new ReadResult.Text("😀", false));
		assertThat(inbound.take(1)).isEqualTo(new ReadResult.Text("x", false));
		assertThat(inbound.take(1)).isEqualTo(new ReadResult.Text("😀", true));
		assertThat(inbound.isEmpty()).isTrue();
	}

	@Test
	void pieceNeverSpansTwoTextMessages() {
		InboundMessages inbound = new InboundMessages();
		addText(inbound, List.of("first message"));
		addText(inbound, List.of("second ", "message"));
		assertThat(inbound.take(1000)).isEqualTo(new ReadResult.Text("first message", true));
		assertThat(inbound.take(1000)).isEqualTo(new ReadResult.Text("second message", true));
		assertThat(inbound.isEmpty()).isTrue();
	}

	@Test
	void pieceNeverSpansATextAndABinaryMessage() {
		InboundMessages inbound = new InboundMessages();
		addText(inbound, List.of("text"));
		inbound.add(new InboundMessages.BinaryPart(new byte[] { 1, 2 }, false));
		inbound.add(new InboundMessages.BinaryPart(new byte[] { 3 }, true));
		assertThat(inbound.take(1000)).isEqualTo(new ReadResult.Text("text", true));
		ReadResult.Binary binary = (ReadResult.Binary) inbound.take(1000);
		assertThat(binary.data()).containsExactly(1, 2, 3);
		assertThat(binary.atEnd()).isTrue();
		assertThat(inbound.isEmpty()).isTrue();
	}

	@Test
	void messageStillArrivingIsReadAsFarAsItHasArrived() {
		InboundMessages inbound = new InboundMessages();
		inbound.add(textPart("partial", false));
		assertThat(inbound.take(1000)).isEqualTo(new ReadResult.Text("partial", false));
		assertThat(inbound.isEmpty()).isTrue();
		inbound.add(textPart(" rest", true));
		assertThat(inbound.take(1000)).isEqualTo(new ReadResult.Text(" rest", true));
		assertThat(inbound.bytes()).isZero();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 4, 8, 100 })
	void binaryMessageInSeveralPartsIsCutAtByteBoundariesAndConcatenatesBack(int maxLength) {
		byte[] message = new byte[20];
		for (int i = 0; i < message.length; i++) {
			message[i] = (byte) (i * 13 - 100);
		}
		InboundMessages inbound = new InboundMessages();
		inbound.add(new InboundMessages.BinaryPart(Arrays.copyOfRange(message, 0, 7), false));
		inbound.add(new InboundMessages.BinaryPart(Arrays.copyOfRange(message, 7, 13), false));
		inbound.add(new InboundMessages.BinaryPart(Arrays.copyOfRange(message, 13, 20), true));
		assertThat(inbound.bytes()).isEqualTo(20 + 3 * InboundMessages.PART_OVERHEAD);
		List<ReadResult.Binary> pieces = new ArrayList<>();
		while (!inbound.isEmpty()) {
			pieces.add((ReadResult.Binary) inbound.take(maxLength));
		}
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		for (int i = 0; i < pieces.size(); i++) {
			ReadResult.Binary piece = pieces.get(i);
			boolean finalPiece = i == pieces.size() - 1;
			assertThat(piece.data()).isNotEmpty();
			if (finalPiece) {
				assertThat(piece.data().length).isLessThanOrEqualTo(maxLength);
			}
			else {
				assertThat(piece.data()).hasSize(maxLength);
			}
			assertThat(piece.atEnd()).as("atEnd of piece %d", i).isEqualTo(finalPiece);
			read.writeBytes(piece.data());
		}
		assertThat(read.toByteArray()).isEqualTo(message);
		assertThat(inbound.bytes()).isZero();
	}

	@Test
	void bytesCountsTheUtf8SizeAndOverheadOfPartsNotFullyReadAndReturnsToZero() {
		InboundMessages inbound = new InboundMessages();
		addText(inbound, MESSAGE_PARTS);
		inbound.add(new InboundMessages.BinaryPart(new byte[10], true));
		int overhead = InboundMessages.PART_OVERHEAD;
		int messageBytes = MESSAGE.getBytes(StandardCharsets.UTF_8).length + MESSAGE_PARTS.size() * overhead;
		assertThat(inbound.bytes()).isEqualTo(messageBytes + 10 + overhead);
		// "hé" is only part of the first part, "hél" (4 bytes): it still counts.
		assertThat(inbound.take(2)).isEqualTo(new ReadResult.Text("hé", false));
		assertThat(inbound.bytes()).isEqualTo(messageBytes + 10 + overhead);
		// "l" ends the first part.
		assertThat(inbound.take(1)).isEqualTo(new ReadResult.Text("l", false));
		assertThat(inbound.bytes()).isEqualTo(messageBytes - 4 - overhead + 10 + overhead);
		assertThat(inbound.take(1000)).isEqualTo(new ReadResult.Text("lo wörld €uro 😀😀 end", true));
		assertThat(inbound.bytes()).isEqualTo(10 + overhead);
		assertThat(inbound.take(4)).isInstanceOf(ReadResult.Binary.class);
		assertThat(inbound.bytes()).isEqualTo(10 + overhead);
		inbound.take(1000);
		assertThat(inbound.bytes()).isZero();
		assertThat(inbound.isEmpty()).isTrue();
	}

	@Test
	void emptyMessagesCountAgainstTheInboundLimit() {
		InboundMessages inbound = new InboundMessages();
		for (int i = 0; i < 1000; i++) {
			inbound.add(new InboundMessages.TextPart("", true, 0));
		}
		assertThat(inbound.bytes()).isEqualTo(1000L * InboundMessages.PART_OVERHEAD);
		assertThat(inbound.take(10)).isEqualTo(new ReadResult.Text("", true));
		assertThat(inbound.bytes()).isEqualTo(999L * InboundMessages.PART_OVERHEAD);
	}

	@Test
	void aPieceIsWorthTakingAtTheEndOfItsMessageOrOnceItFillsTheLengthAskedFor() {
		InboundMessages inbound = new InboundMessages();
		assertThat(inbound.hasPiece(1)).isFalse();
		inbound.add(textPart("abcd", false));
		assertThat(inbound.hasPiece(5)).isFalse();
		assertThat(inbound.hasPiece(4)).isTrue();
		inbound.add(textPart("ef", false));
		assertThat(inbound.hasPiece(6)).isTrue();
		assertThat(inbound.hasPiece(7)).isFalse();
		// What a reader has taken no longer counts.
		assertThat(inbound.take(3)).isEqualTo(new ReadResult.Text("abc", false));
		assertThat(inbound.hasPiece(4)).isFalse();
		inbound.add(textPart("", true));
		assertThat(inbound.hasPiece(Integer.MAX_VALUE)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 5, 100 })
	void aPieceUnreadAfterAnyTakeIsTakenAgainAndTheMessagesReadTheSame(int maxLength) {
		InboundMessages inbound = new InboundMessages();
		addText(inbound, MESSAGE_PARTS);
		inbound.add(textPart("second", true));
		long bytes = inbound.bytes();
		StringBuilder read = new StringBuilder();
		List<String> messages = new ArrayList<>();
		while (!inbound.isEmpty()) {
			ReadResult.Text piece = (ReadResult.Text) inbound.take(maxLength);
			// Every piece goes back once, as one whose reader was gone.
			inbound.unread(piece);
			ReadResult.Text again = (ReadResult.Text) inbound.take(maxLength);
			assertThat(again).isEqualTo(piece);
			read.append(again.data());
			if (again.atEnd()) {
				messages.add(read.toString());
				read.setLength(0);
			}
		}
		assertThat(messages).containsExactly(MESSAGE, "second");
		assertThat(inbound.messages()).isZero();
		assertThat(inbound.bytes()).isZero();
		assertThat(bytes).isPositive();
	}

	@Test
	void anUnreadWholeMessageCountsAsQueuedAgain() {
		InboundMessages inbound = new InboundMessages();
		inbound.add(new InboundMessages.BinaryPart(new byte[] { 1, 2, 3 }, true));
		long bytes = inbound.bytes();
		ReadResult.Message message = inbound.take(10);
		assertThat(inbound.messages()).isZero();
		inbound.unread(message);
		assertThat(inbound.messages()).isOne();
		assertThat(inbound.bytes()).isEqualTo(bytes);
		assertThat(((ReadResult.Binary) inbound.take(10)).data()).containsExactly(1, 2, 3);
	}

	private static void addText(InboundMessages inbound, List<String> parts) {
		for (int i = 0; i < parts.size(); i++) {
			inbound.add(textPart(parts.get(i), i == parts.size() - 1));
		}
	}

	private static InboundMessages.TextPart textPart(String text, boolean last) {
		return new InboundMessages.TextPart(text, last, Utf8.length(text));
	}

	private static int ceilDiv(int dividend, int divisor) {
		return (dividend + divisor - 1) / divisor;
	}

}
