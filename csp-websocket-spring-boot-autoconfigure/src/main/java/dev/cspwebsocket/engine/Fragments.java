package dev.cspwebsocket.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * The fragments of one message streamed from a source, produced as they are sent, so that
 * the message is never held whole. Used by one writer at a time.
 *
 * @author csp-websocket-spring-boot
 */
@FunctionalInterface
interface Fragments {

	/** The size of the fragments, in characters or bytes. */
	int SIZE = 16 * 1024;

	/**
	 * The next fragment; the last one has {@code last()}.
	 * @throws IOException when the source fails
	 */
	Outgoing next() throws IOException;

	/** A text message read from {@code text} to its end. */
	static Fragments of(Reader text) {
		char[] buffer = new char[SIZE];
		int[] carried = new int[1];
		return () -> {
			int length = carried[0];
			int read = 0;
			while (length < SIZE && (read = text.read(buffer, length, SIZE - length)) >= 0) {
				length += read;
			}
			boolean last = read < 0;
			// Never split a surrogate pair between two fragments.
			carried[0] = (!last && Character.isHighSurrogate(buffer[length - 1])) ? 1 : 0;
			Outgoing fragment = new Outgoing.Text(new String(buffer, 0, length - carried[0]), last);
			if (carried[0] == 1) {
				buffer[0] = buffer[length - 1];
			}
			return fragment;
		};
	}

	/** A binary message read from {@code data} to its end. */
	static Fragments of(InputStream data) {
		return () -> {
			byte[] fragment = data.readNBytes(SIZE);
			// A short read is the end of the stream.
			return new Outgoing.Binary(fragment, fragment.length < SIZE);
		};
	}

}
