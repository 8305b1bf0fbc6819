package dev.cspwebsocket.lifecycle;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.test.TestServer;
import dev.cspwebsocket.testapp.ServerEvents;
import dev.cspwebsocket.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application shutdown with sockets open.
 *
 * @author csp-websocket-spring-boot
 */
class ShutdownIntegrationTests {

	@Test
	void shutdownClosesEverySocketWith1001AndRunsEveryOnPostServer() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0")
			.run();
		TestServer server = context.getBean(TestServer.class);
		ServerEvents events = context.getBean(ServerEvents.class);
		CspWebSockets sockets = context.getBean(CspWebSockets.class);
		List<TestClient> clients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			TestClient client = server.connect("/csp/user/Test.Echo.cls?tag=shutdown-" + i);
			client.send("ping");
			assertThat(client.nextText()).isEqualTo("ping");
			clients.add(client);
		}
		List<TestClient> sharedClients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			sharedClients.add(server.connect("/csp/user/Test.Shared.cls?tag=shutdown-shared-" + i));
		}
		await().atMost(TestClient.DEADLINE).until(() -> sockets.stats().openSockets() == 40);
		context.close();
		for (int i = 0; i < 20; i++) {
			assertThat(sharedClients.get(i).awaitClose()).isEqualTo(new TestClient.Close(1001, "Server shutting down"));
			assertThat(events.of("shutdown-shared-" + i).postServer).hasValue(1);
		}
		for (int i = 0; i < 20; i++) {
			assertThat(clients.get(i).awaitClose()).isEqualTo(new TestClient.Close(1001, "Server shutting down"));
			ServerEvents.Seen seen = events.of("shutdown-" + i);
			assertThat(seen.closed).isEqualTo(new ReadResult.Closed(1001, "Server shutting down"));
			assertThat(seen.postServer).hasValue(1);
		}
		assertThat(sockets.stats().runningServers()).isZero();
		assertThat(sockets.stats().openSockets()).isZero();
	}

}
