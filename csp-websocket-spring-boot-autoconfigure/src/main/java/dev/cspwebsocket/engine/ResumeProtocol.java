package dev.cspwebsocket.engine;

import org.jspecify.annotations.Nullable;

/**
 * The resume protocol's words on the wire (version {@value #VERSION}, docs/resume.md): a
 * control message is a text message that begins with {@link #MARK}, then a word and its
 * arguments; an application's text message that begins with the mark is sent with one
 * more. Stateless and thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ResumeProtocol {

	/** The query parameter by which a client asks for the protocol, and its version. */
	static final String QUERY_PARAMETER = "csp-resume";

	/** The query parameter that names the socket a client resumes. */
	static final String ID_PARAMETER = "csp-resume-id";

	static final String VERSION = "1";

	static final char MARK = '\u0000';

	/**
	 * The close code by which a client says it will be back (the JavaScript client's
	 * liveness timeout): a resumable socket is away then, as after a drop.
	 */
	static final int BE_RIGHT_BACK = 4000;

	/** The close code of a refused resume: the client starts afresh. */
	static final int REFUSED = 4010;

	/** A receiver acknowledges at least this often. */
	static final int ACK_EVERY = 16;

	private ResumeProtocol() {
	}

	/** The hello of a socket that is not resumable. */
	static String hello() {
		return MARK + "hello";
	}

	static String hello(String webSocketId, String secret) {
		return MARK + "hello " + webSocketId + " " + secret;
	}

	static String resumed(long received) {
		return MARK + "resumed " + received;
	}

	static String ack(long received) {
		return MARK + "ack " + received;
	}

	static String refusal(String why) {
		return "Resume refused: " + why + "; start fresh";
	}

	static boolean isMarked(String text) {
		return !text.isEmpty() && text.charAt(0) == MARK;
	}

	/** The first part of an application's text message, as it goes on the wire. */
	static String escape(String firstPart) {
		return isMarked(firstPart) ? MARK + firstPart : firstPart;
	}

	/**
	 * The control message in {@code text}, the first part of a message, or {@code null}
	 * when it is the application's (then {@link #unescape} gives it back).
	 */
	static @Nullable Control control(String text) {
		if (!isMarked(text) || (text.length() > 1 && text.charAt(1) == MARK)) {
			return null;
		}
		String[] words = text.substring(1).split(" ", -1);
		return new Control(words);
	}

	/** An application's first part as its sender wrote it. */
	static String unescape(String firstPart) {
		return isMarked(firstPart) ? firstPart.substring(1) : firstPart;
	}

	/**
	 * A control message: its words, the word that names it first.
	 */
	record Control(String[] words) {

		/** The word that names the message. */
		String word() {
			return this.words[0];
		}

		/** The count at {@code index}, or -1 when there is none or it is no count. */
		long count(int index) {
			if (index >= this.words.length) {
				return -1;
			}
			try {
				long count = Long.parseLong(this.words[index]);
				return (count < 0) ? -1 : count;
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

		/** The word at {@code index}, or an empty string. */
		String word(int index) {
			return (index < this.words.length) ? this.words[index] : "";
		}

	}

}
