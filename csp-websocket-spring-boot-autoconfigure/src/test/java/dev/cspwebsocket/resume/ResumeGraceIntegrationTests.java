package dev.cspwebsocket.resume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketNotFoundException;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawWebSocket;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The resume grace period's end: a resumable socket away for longer ends as any other,
 * and a resume that races the end either gets the socket or finds it ended, never half.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest(properties = { "csp.websocket.shared.resume-grace=500ms", "csp.websocket.session.create=false" })
class ResumeGraceIntegrationTests extends ServerIntegrationTests {

	@Test
	void aSocketAwayPastTheGracePeriodEndsAsAnyOtherWith1006AndIsCounted() throws IOException {
		long expiriesBefore = this.sockets.stats().resumeExpiries();
		Resumer client = Resumer.connect(this.server.port(), "expires");
		WebSocketServer socket = this.sockets.openServer(client.id);
		client.raw.reset();
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().awaySockets() == 1);
		ServerEvents.Seen seen = this.events.of("expires");
		await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		assertThat(socket.isOpen()).isFalse();
		assertThat(socket.read(TestClient.DEADLINE))
			.isEqualTo(new ReadResult.Closed(1006, "Away for longer than the resume grace of 500 ms"));
		assertThatExceptionOfType(WebSocketNotFoundException.class)
			.isThrownBy(() -> this.sockets.openServer(client.id));
		assertThat(this.sockets.stats().resumeExpiries()).isEqualTo(expiriesBefore + 1);
		assertThat(this.sockets.stats().awaySockets()).isZero();
		assertThat(client.refusal(client.secret)).isEqualTo(new TestClient.Close(4010,
				"Resume refused: no such resumable socket: it has ended, or it never was one; start fresh"));
	}

	@Test
	void aResumeRacingTheGracePeriodsEndEitherResumesTheSocketOrFindsItEnded() throws IOException {
		List<Resumer> clients = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			clients.add(Resumer.connect(this.server.port(), "race-" + i));
		}
		for (Resumer client : clients) {
			client.raw.reset();
		}
		// One after another, so that the grace period ends somewhere among them.
		for (int i = 0; i < clients.size(); i++) {
			Resumer client = clients.get(i);
			ServerEvents.Seen seen = this.events.of("race-" + i);
			RawWebSocket raw = client.resumeRaw();
			raw.sendText(Resumer.NUL + "resume " + client.secret + " 0");
			String answer = answer(raw);
			if (answer.startsWith(Resumer.NUL + "resumed")) {
				this.sockets.openServer(client.id).write("resumed " + i);
				assertThat(raw.nextText()).isEqualTo("resumed " + i);
				assertThat(seen.postServer.get()).isZero();
				raw.closeNormally();
			}
			else {
				assertThat(answer).startsWith("close 4010 Resume refused");
				await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
				assertThatExceptionOfType(WebSocketNotFoundException.class)
					.isThrownBy(() -> this.sockets.openServer(client.id));
				raw.close();
			}
		}
		for (int i = 0; i < clients.size(); i++) {
			ServerEvents.Seen seen = this.events.of("race-" + i);
			await().atMost(TestClient.DEADLINE).until(() -> seen.postServer.get() == 1);
		}
	}

	/** The text that answers a resume, or its close as {@code close <code> <reason>}. */
	private static String answer(RawWebSocket raw) throws IOException {
		RawWebSocket.Frame frame = raw.readFrame();
		ByteBuffer payload = ByteBuffer.wrap(frame.payload());
		if (frame.opcode() == RawWebSocket.CLOSE) {
			return "close " + (payload.getShort() & 0xFFFF) + " " + StandardCharsets.UTF_8.decode(payload);
		}
		return StandardCharsets.UTF_8.decode(payload).toString();
	}

}
