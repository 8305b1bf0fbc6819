package dev.cspwebsocket.demo;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the demo in the {@code cluster} profile on one real Redis, as the
 * README runs them: people chatting on different instances see each other's messages.
 *
 * @author csp-websocket-spring-boot
 */
class ClusterChatTests {

	private static final String CHAT = "/csp/user/MyApp.ChatServer.cls";

	static TestRedis redis;

	static ConfigurableApplicationContext one;

	static ConfigurableApplicationContext two;

	@BeforeAll
	static void startTwoInstances() {
		redis = TestRedis.start();
		one = instance("one");
		two = instance("two");
	}

	@AfterAll
	static void stopThem() {
		two.close();
		one.close();
		redis.close();
	}

	private static ConfigurableApplicationContext instance(String nodeId) {
		return new SpringApplicationBuilder(DemoApplication.class).profiles("cluster")
			.properties("server.port=0", "spring.data.redis.port=" + redis.port(),
					"csp.websocket.cluster.node-id=" + nodeId, "spring.main.banner-mode=off")
			.run();
	}

	private static int port(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port", "0"));
	}

	@Test
	void aChatMessageSentOnOneInstanceReachesTheOtherAndWhileRedisIsAwayStaysOnItsOwnInstanceSayingSo()
			throws Exception {
		TestClient onOne = TestClient.connect(URI.create("ws://127.0.0.1:" + port(one) + CHAT + "?name=ada"));
		TestClient onTwo = TestClient.connect(URI.create("ws://127.0.0.1:" + port(two) + CHAT + "?name=grace"));
		// Each instance registers its sockets for the other a moment after they open.
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { one, two }) {
			await().atMost(TestClient.DEADLINE)
				.until(() -> instance.getBean(CspWebSockets.class).openServersOfClass(ChatServer.class).size() == 2);
		}
		onOne.send("are you there?");
		assertThat(onTwo.nextTextSkipping(ClusterChatTests::joining)).isEqualTo("ada: are you there?");
		onTwo.send("here, on the other instance");
		assertThat(onOne.nextTextSkipping((text) -> joining(text) || text.startsWith("ada: ")))
			.isEqualTo("grace: here, on the other instance");
		DemoBrowser admin = new DemoBrowser(port(two));
		admin.logIn("demo", "demo");
		HttpResponse<String> broadcast = admin.fetch("POST", "/chat/broadcast", "text/plain", "Maintenance at noon",
				true);
		assertThat(broadcast.body()).isEqualTo("{\"delivered\":2,\"failed\":0,\"everywhere\":true}");
		assertThat(onOne.nextTextSkipping(ClusterChatTests::joining)).isEqualTo("Maintenance at noon");
		assertThat(onTwo.nextTextSkipping((text) -> joining(text) || text.startsWith("grace: ")))
			.isEqualTo("Maintenance at noon");

		redis.stop();
		onOne.send("anyone?");
		assertThat(onOne.nextText()).isEqualTo("ada: anyone?");
		assertThat(onOne.nextText()).startsWith("Sent on this instance only");
	}

	private static boolean joining(String text) {
		return text.endsWith(" joined");
	}

}
