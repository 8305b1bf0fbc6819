package dev.cspwebsocket.resume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of the resume protocol, written from docs/resume.md, on a raw socket to the
 * test application's {@code Test.Shared} server: it counts the server's messages it has
 * received and keeps what it sends, and acknowledges nothing unless told. Not
 * thread-safe: one per test thread.
 *
 * @author csp-websocket-spring-boot
 */
final class Resumer {

	static final String NUL = "\u0000";

	final RawWebSocket raw;

	final String id;

	final String secret;

	/** What the server said it had received of this client's messages on resuming. */
	long resumedCount;

	private final int port;

	/**
	 * The handshake's extra headers, such as the session's cookie, on every connection.
	 */
	private final String[] headers;

	private long received;

	/** Every application message sent, for sending again what the server missed. */
	private final List<String> sent;

	private Resumer(int port, String[] headers, RawWebSocket raw, String id, String secret, long received,
			List<String> sent) {
		this.port = port;
		this.headers = headers;
		this.raw = raw;
		this.id = id;
		this.secret = secret;
		this.received = received;
		this.sent = sent;
	}

	/**
	 * A resumable socket, with its hello read; {@code headers} (such as a session's
	 * {@code Cookie}) go with it and with its resumes.
	 */
	static Resumer connect(int port, String tag, String... headers) throws IOException {
		RawWebSocket raw = RawWebSocket.open(port, "/csp/user/Test.Shared.cls?tag=" + tag + "&resumable&csp-resume=1",
				headers);
		String[] hello = raw.nextText().split(" ");
		assertThat(hello[0]).isEqualTo(NUL + "hello");
		return new Resumer(port, headers, raw, hello[1], hello[2], 0, new ArrayList<>());
	}

	void send(String text) throws IOException {
		this.sent.add(text);
		this.raw.sendText(text);
	}

	/** The next application message, past control messages. */
	String next() throws IOException {
		while (true) {
			String text = this.raw.nextText();
			if (!text.startsWith(NUL) || text.startsWith(NUL + NUL)) {
				this.received++;
				return text;
			}
		}
	}

	/** A connection that asks to resume this socket, its resume message not yet sent. */
	RawWebSocket resumeRaw() throws IOException {
		return resumeRaw(this.headers);
	}

	private RawWebSocket resumeRaw(String... headers) throws IOException {
		return RawWebSocket.open(this.port, "/csp/user/Test.Shared.cls?resumable&csp-resume=1&csp-resume-id=" + this.id,
				headers);
	}

	/**
	 * The close that answers a resume with {@code secretAndCount}, such as a wrong
	 * secret.
	 */
	TestClient.Close refusal(String secretAndCount) throws IOException {
		return refusal(this.headers, secretAndCount);
	}

	/**
	 * The close that answers a resume with other handshake headers, such as another
	 * session's.
	 */
	TestClient.Close refusal(String[] headers, String secretAndCount) throws IOException {
		try (RawWebSocket raw = resumeRaw(headers)) {
			raw.sendText(NUL + "resume " + secretAndCount + (secretAndCount.contains(" ") ? "" : " 0"));
			return raw.awaitClose();
		}
	}

	Resumer resume() throws IOException {
		return resume(this.received);
	}

	/**
	 * Resumes the socket, saying {@code count} of the server's messages arrived, and
	 * sends again what the server says it missed.
	 */
	Resumer resume(long count) throws IOException {
		RawWebSocket raw = resumeRaw();
		raw.sendText(NUL + "resume " + this.secret + " " + count);
		RawWebSocket.Frame answer = raw.readFrame();
		String text = new String(answer.payload(), StandardCharsets.UTF_8);
		assertThat(answer.opcode()).as("the answer to a resume, not a close: %s", text).isEqualTo(RawWebSocket.TEXT);
		String[] resumed = text.split(" ");
		assertThat(resumed[0]).isEqualTo(NUL + "resumed");
		Resumer next = new Resumer(this.port, this.headers, raw, this.id, this.secret, count, this.sent);
		next.resumedCount = Long.parseLong(resumed[1]);
		for (String missed : this.sent.subList(Math.toIntExact(next.resumedCount), this.sent.size())) {
			raw.sendText(missed);
		}
		return next;
	}

}
