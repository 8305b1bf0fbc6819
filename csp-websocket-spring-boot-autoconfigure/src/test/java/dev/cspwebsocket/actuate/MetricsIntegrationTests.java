package dev.cspwebsocket.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.test.RawHttp;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import dev.cspwebsocket.testapp.TestSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every meter's value after a scripted run of handshakes, messages, read timeouts and
 * closes, measured as the change from before the run.
 *
 * @author csp-websocket-spring-boot
 */
class MetricsIntegrationTests extends ServerIntegrationTests {

	@Autowired
	MeterRegistry registry;

	@Test
	void everyMeterCountsTheScriptedRunExactlyAndNoTagCarriesAnId() throws Exception {
		Map<String, Double> before = snapshot();
		List<String> secrets = new ArrayList<>();
		TestSession session = TestSession.start(this.server.port());
		secrets.add(session.id());

		// Two dedicated sockets and one shared.
		TestClient echo = connect("Test.Echo", "metered&timeout=60000", session);
		TestClient failing = connect("Test.Echo", "metered-fail&timeout=60000", session);
		TestClient shared = connect("Test.Shared", "metered-shared", session);
		WebSocketServer sharedServer = this.servers.open("metered-shared");
		secrets.add(this.events.of("metered").webSocketId);
		secrets.add(this.events.of("metered-fail").webSocketId);
		secrets.add(sharedServer.webSocketId());
		assertThat(gauge("csp.websocket.sockets.open", "Test.Echo", "dedicated")).isEqualTo(2);
		assertThat(gauge("csp.websocket.sockets.open", "Test.Shared", "shared")).isEqualTo(1);
		assertThat(this.registry.get("csp.websocket.dedicated.threads").gauge().value()).isEqualTo(2);

		// Messages: in, text "héllo" (6 bytes) and "exit" (4) and "fail" (4), binary 5
		// bytes and, on the shared socket, "one" and "two" (3 each); out, the two
		// echoes and "push" (4).
		echo.send("héllo");
		assertThat(echo.nextText()).isEqualTo("héllo");
		echo.send(new byte[] { 1, 2, 3, 4, 5 });
		assertThat(echo.nextMessage()).isEqualTo(new byte[] { 1, 2, 3, 4, 5 });
		// Three read timeouts while nothing is queued, then two queued messages read.
		for (int i = 0; i < 3; i++) {
			assertThat(sharedServer.read(Duration.ofMillis(1))).isInstanceOf(ReadResult.Timeout.class);
		}
		shared.send("one");
		shared.send("two");
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.registry.get("csp.websocket.inbound.queued").gauge().value() == 2);
		sharedServer.write("push");
		assertThat(shared.nextText()).isEqualTo("push");
		assertThat(sharedServer.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("one", true));
		assertThat(sharedServer.read(TestClient.DEADLINE)).isEqualTo(new ReadResult.Text("two", true));

		// Closes: normal (exit), error (fail), and the shared one ended by the server.
		echo.send("exit");
		assertThat(echo.awaitClose().code()).isEqualTo(1000);
		failing.send("fail");
		assertThat(failing.awaitClose().code()).isEqualTo(1011);
		sharedServer.endServer();
		assertThat(shared.awaitClose().code()).isEqualTo(1000);
		await().atMost(TestClient.DEADLINE).until(() -> this.sockets.stats().runningServers() == 0);

		// Rejected handshakes, one of each kind reachable from a client.
		assertThat(RawHttp.handshake(this.server.port(), "/csp/user/Test.Nope.cls").status()).isEqualTo(404);
		assertThat(RawHttp
			.send(this.server.port(), "GET /csp/user/Test.Echo.cls HTTP/1.1", "Host: localhost:PORT",
					"Connection: close")
			.status()).isEqualTo(426);
		assertThat(RawHttp.handshake(this.server.port(), "/csp/user/Test.Echo.cls", "Origin: https://evil.example.org")
			.status()).isEqualTo(403);
		RawHttp.Response foreignSubprotocol = RawHttp.handshake(this.server.port(), "/csp/user/Test.Echo.cls",
				"Sec-WebSocket-Protocol: mqtt, wamp");
		assertThat(foreignSubprotocol.status()).isEqualTo(400);
		assertThat(foreignSubprotocol.body())
			.isEqualTo("None of the subprotocols offered is one this server speaks: [chat, superchat]");
		assertThat(RawHttp.handshake(this.server.port(), "/csp/user/Test.Echo.cls?refuse=no").status()).isEqualTo(403);
		assertThat(RawHttp.handshake(this.server.port(), "/csp/user/Test.Echo.cls?boom=1").status()).isEqualTo(500);

		Map<String, Double> after = snapshot();
		Map<String, Double> delta = new HashMap<>();
		after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0.0)));
		assertThat(delta).containsEntry("csp.websocket.messages{direction=in,type=text}", 5.0)
			.containsEntry("csp.websocket.payload{direction=in,type=text}", 6.0 + 4 + 4 + 3 + 3)
			.containsEntry("csp.websocket.messages{direction=in,type=binary}", 1.0)
			.containsEntry("csp.websocket.payload{direction=in,type=binary}", 5.0)
			.containsEntry("csp.websocket.messages{direction=out,type=text}", 2.0)
			.containsEntry("csp.websocket.payload{direction=out,type=text}", 6.0 + 4)
			.containsEntry("csp.websocket.messages{direction=out,type=binary}", 1.0)
			.containsEntry("csp.websocket.payload{direction=out,type=binary}", 5.0)
			.containsEntry("csp.websocket.read.timeouts{}", 3.0)
			.containsEntry("csp.websocket.sockets.opened{application=user,mode=dedicated,server=Test.Echo}", 2.0)
			.containsEntry("csp.websocket.sockets.opened{application=user,mode=shared,server=Test.Shared}", 1.0)
			.containsEntry(
					"csp.websocket.sockets.closed{application=user,mode=dedicated,reason=normal,server=Test.Echo}", 1.0)
			.containsEntry(
					"csp.websocket.sockets.closed{application=user,mode=dedicated,reason=error,server=Test.Echo}", 1.0)
			.containsEntry(
					"csp.websocket.sockets.closed{application=user,mode=shared,reason=normal,server=Test.Shared}", 1.0)
			.containsEntry("csp.websocket.sockets.lifetime{application=user,mode=dedicated,server=Test.Echo}", 2.0)
			.containsEntry("csp.websocket.sockets.lifetime{application=user,mode=shared,server=Test.Shared}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=not-found}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=bad-request}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=origin}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=subprotocol}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=refused}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=error}", 1.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=limit}", 0.0)
			.containsEntry("csp.websocket.handshakes.rejected{reason=shutting-down}", 0.0);
		assertThat(gauge("csp.websocket.sockets.open", "Test.Echo", "dedicated")).isZero();
		assertThat(gauge("csp.websocket.sockets.open", "Test.Shared", "shared")).isZero();
		assertThat(this.registry.get("csp.websocket.dedicated.threads").gauge().value()).isZero();
		assertThat(this.registry.get("csp.websocket.inbound.queued").gauge().value()).isZero();
		assertThat(this.registry.get("csp.websocket.outbound.buffered").gauge().value()).isZero();
		assertThat(this.registry.get("csp.websocket.shared.pool.queued").gauge().value()).isZero();
		assertThat(this.registry.get("csp.websocket.sockets.away").gauge().value()).isZero();
		assertThat(this.registry.get("csp.websocket.resumes").functionCounter().count()).isZero();
		assertThat(this.registry.get("csp.websocket.resume.expiries").functionCounter().count()).isZero();

		for (Meter meter : this.registry.getMeters()) {
			if (meter.getId().getName().startsWith("csp.websocket")) {
				for (Tag tag : meter.getId().getTags()) {
					for (String secret : secrets) {
						assertThat(tag.getValue()).as("tag %s of %s", tag.getKey(), meter.getId().getName())
							.doesNotContain(secret);
					}
				}
			}
		}
	}

	@Test
	void anOpenSocketIsNoHttpRequestInFlightAndItsHandshakeIsTimedUnderTheServersPath() throws Exception {
		String uri = "/csp/user/Test.Echo.cls";
		long before = handshakesTimed(uri);
		TestSession session = TestSession.start(this.server.port());
		List<TestClient> clients = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			clients.add(connect("Test.Echo", "in-flight-" + i + "&timeout=60000", session));
		}
		await().atMost(TestClient.DEADLINE)
			.untilAsserted(() -> assertThat(handshakesTimed(uri) - before)
				.as("%s",
						this.registry.find("http.server.requests")
							.timers()
							.stream()
							.map((t) -> t.getId() + "=" + t.count())
							.toList())
				.isEqualTo(3));
		assertThat(this.registry.find("http.server.requests.active").longTaskTimers())
			.as("requests in flight with three sockets open")
			.isNotEmpty()
			.allSatisfy((inFlight) -> assertThat(inFlight.activeTasks()).isZero());
		for (TestClient client : clients) {
			client.close(1000, "done");
		}
	}

	/**
	 * The requests to a URI that {@code http.server.requests} has timed, whatever their
	 * status.
	 */
	private long handshakesTimed(String uri) {
		return this.registry.find("http.server.requests")
			.tag("uri", uri)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	private TestClient connect(String serverClass, String tagAndQuery, TestSession session) {
		TestClient client = this.server.connect("/csp/user/" + serverClass + ".cls?tag=" + tagAndQuery,
				session.header());
		String tag = tagAndQuery.split("&")[0];
		await().atMost(TestClient.DEADLINE)
			.until(() -> this.events.of(tag).webSocketId != null
					&& this.sockets.describe(this.events.of(tag).webSocketId).isPresent());
		return client;
	}

	private double gauge(String name, String server, String mode) {
		Gauge gauge = this.registry.find(name).tags("application", "user", "server", server, "mode", mode).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	/** The value of every counter and the count of every timer, by name and tags. */
	private Map<String, Double> snapshot() {
		Map<String, Double> values = new HashMap<>();
		for (Meter meter : this.registry.getMeters()) {
			String key = meter.getId().getName() + "{"
					+ String.join(",",
							meter.getId().getTags().stream().map((tag) -> tag.getKey() + "=" + tag.getValue()).toList())
					+ "}";
			if (meter instanceof Counter counter) {
				values.put(key, counter.count());
			}
			else if (meter instanceof Timer timer) {
				values.put(key, (double) timer.count());
			}
		}
		return values;
	}

}
