package dev.cspwebsocket.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

import dev.cspwebsocket.ReadResult;
import org.jspecify.annotations.Nullable;

/**
 * The client's message parts waiting to be read, as the container delivered them, and the
 * cutting of them into pieces of at most the length a reader asks for. Not thread-safe:
 * the owning {@link Connection} guards it.
 *
 * @author csp-websocket-spring-boot
 */
final class InboundMessages {

	/**
	 * What a queued part costs beyond its payload (objects, headers), so that floods of
	 * empty or tiny messages count against the inbound limit too.
	 */
	static final int PART_OVERHEAD = 64;

	private final ArrayDeque<Part> parts = new ArrayDeque<>();

	/** Units (characters or bytes) of the head part already read. */
	private int headOffset;

	private long bytes;

	private int messages;

	boolean isEmpty() {
		return this.parts.isEmpty();
	}

	/**
	 * The memory held by the parts not fully read yet: their size as received plus
	 * overhead.
	 */
	long bytes() {
		return this.bytes;
	}

	/** How many messages have arrived whole and are not fully read. */
	int messages() {
		return this.messages;
	}

	void add(Part part) {
		this.parts.add(part);
		this.bytes += part.bytes() + PART_OVERHEAD;
		if (part.last()) {
			this.messages++;
		}
	}

	/**
	 * Whether a {@link #take} of {@code maxLength} units would now end the message at the
	 * head, or fill the length: a reader that waits for anything less would only wake to
	 * come back for the rest. Characters count as code points here, which they bound.
	 */
	boolean hasPiece(int maxLength) {
		long units = -this.headOffset;
		for (Part part : this.parts) {
			units += part.length();
			if (part.last() || units >= maxLength) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Take the next piece: up to {@code maxLength} units of the message at the head, from
	 * the parts already here. Must not be called when empty.
	 */
	ReadResult.Message take(int maxLength) {
		Part head = this.parts.element();
		Piece piece = head.newPiece();
		int remaining = maxLength;
		boolean atEnd = false;
		while (remaining > 0 && head != null) {
			int from = this.headOffset;
			int end = head.advance(from, remaining);
			piece.append(head, from, end);
			if (end < head.length()) {
				this.headOffset = end;
				break;
			}
			this.parts.remove();
			this.headOffset = 0;
			this.bytes -= head.bytes() + PART_OVERHEAD;
			if (head.last()) {
				this.messages--;
				atEnd = true;
				break;
			}
			// Counted only to go on: a scan of the characters that a message ending here
			// would spare.
			remaining -= head.units(from, end);
			head = this.parts.peek();
		}
		return piece.result(atEnd);
	}

	/**
	 * Put a piece taken by {@link #take} back at the head, before the rest of its
	 * message.
	 */
	void unread(ReadResult.Message piece) {
		if (this.headOffset > 0) {
			Part head = this.parts.remove();
			Part rest = head.from(this.headOffset);
			this.bytes += rest.bytes() - head.bytes();
			this.parts.addFirst(rest);
			this.headOffset = 0;
		}
		Part part = Part.of(piece);
		this.parts.addFirst(part);
		this.bytes += part.bytes() + PART_OVERHEAD;
		if (part.last()) {
			this.messages++;
		}
	}

	/** Drop what is left of the message at the head, of the parts already here. */
	void dropRestOfMessage() {
		while (!this.parts.isEmpty()) {
			Part head = this.parts.remove();
			this.headOffset = 0;
			this.bytes -= head.bytes() + PART_OVERHEAD;
			if (head.last()) {
				this.messages--;
				return;
			}
		}
	}

	/** One part of a client message, as the container delivered it. */
	sealed interface Part permits TextPart, BinaryPart {

		/** A message, or a piece of one, as one part. */
		static Part of(ReadResult.Message message) {
			if (message instanceof ReadResult.Text text) {
				return new TextPart(text.data(), text.atEnd(), Utf8.length(text.data()));
			}
			return new BinaryPart(((ReadResult.Binary) message).data(), message.atEnd());
		}

		boolean last();

		/** Length in characters or bytes. */
		int length();

		/** Size on the wire, in bytes. */
		int bytes();

		/** The end offset of at most {@code maxUnits} units from {@code from}. */
		int advance(int from, int maxUnits);

		/** The units between two offsets. */
		int units(int from, int end);

		Piece newPiece();

		/** The part from an offset to its end. */
		Part from(int offset);

	}

	/** Text part; units are code points, so a piece never splits a character. */
	record TextPart(String text, boolean last, int bytes) implements Part {

		@Override
		public int length() {
			return this.text.length();
		}

		@Override
		public int advance(int from, int maxUnits) {
			if (this.text.length() - from <= maxUnits) {
				// No more code points than characters: all of the rest fits.
				return this.text.length();
			}
			int end = from;
			for (int units = 0; units < maxUnits && end < this.text.length(); units++) {
				end += Character.charCount(this.text.codePointAt(end));
			}
			return end;
		}

		@Override
		public int units(int from, int end) {
			return this.text.codePointCount(from, end);
		}

		@Override
		public Piece newPiece() {
			return new TextPiece();
		}

		@Override
		public Part from(int offset) {
			String rest = this.text.substring(offset);
			return new TextPart(rest, this.last, Utf8.length(rest));
		}

	}

	/** Binary part; units are bytes. */
	record BinaryPart(byte[] data, boolean last) implements Part {

		@Override
		public int length() {
			return this.data.length;
		}

		@Override
		public int bytes() {
			return this.data.length;
		}

		@Override
		public int advance(int from, int maxUnits) {
			return (int) Math.min(this.data.length, (long) from + maxUnits);
		}

		@Override
		public int units(int from, int end) {
			return end - from;
		}

		@Override
		public Piece newPiece() {
			return new BinaryPiece();
		}

		@Override
		public Part from(int offset) {
			return new BinaryPart(Arrays.copyOfRange(this.data, offset, this.data.length), this.last);
		}

	}

	/** A piece being put together from parts of one message. */
	sealed interface Piece permits TextPiece, BinaryPiece {

		void append(Part part, int from, int end);

		ReadResult.Message result(boolean atEnd);

	}

	private static final class TextPiece implements Piece {

		// The common case is one whole part: keep it without copying.
		private @Nullable String single;

		private @Nullable StringBuilder builder;

		@Override
		public void append(Part part, int from, int end) {
			String text = ((TextPart) part).text();
			if (this.single == null && this.builder == null) {
				this.single = (from == 0 && end == text.length()) ? text : text.substring(from, end);
				return;
			}
			if (this.builder == null) {
				this.builder = new StringBuilder(this.single);
				this.single = null;
			}
			this.builder.append(text, from, end);
		}

		@Override
		public ReadResult.Message result(boolean atEnd) {
			String data = (this.builder != null) ? this.builder.toString() : (this.single != null) ? this.single : "";
			return new ReadResult.Text(data, atEnd);
		}

	}

	private static final class BinaryPiece implements Piece {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		@Override
		public void append(Part part, int from, int end) {
			this.bytes.write(((BinaryPart) part).data(), from, end - from);
		}

		@Override
		public ReadResult.Message result(boolean atEnd) {
			return new ReadResult.Binary(this.bytes.toByteArray(), atEnd);
		}

	}

}
