package dev.cspwebsocket.autoconfigure.cluster;

import java.util.List;
import java.util.function.Predicate;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.WebSocketServer;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.cluster.CspWebSocketsCluster;
import dev.cspwebsocket.cluster.SharedSocket;
import dev.cspwebsocket.cluster.redis.RedisCspWebSocketsCluster;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.TestRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CspWebSocketClusterAutoConfiguration}.
 *
 * @author csp-websocket-spring-boot
 */
@Tag("servlet")
class CspWebSocketClusterAutoConfigurationTests {

	static TestRedis redis;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CspWebSocketAutoConfiguration.class, DataRedisAutoConfiguration.class,
				CspWebSocketClusterAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + redis.port());

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void whenTheClusterIsNotEnabledTheNodeWorksAlone() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(CspWebSockets.class)
			.doesNotHaveBean(CspWebSocketsCluster.class));
	}

	@Test
	void whenEnabledTheNodeJoinsTheClusterOnRedisUnderItsConfiguredId() {
		this.contextRunner
			.withPropertyValues("csp.websocket.cluster.enabled=true", "csp.websocket.cluster.node-id=node-7")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisCspWebSocketsCluster.class);
				RedisCspWebSocketsCluster cluster = context.getBean(RedisCspWebSocketsCluster.class);
				assertThat(cluster.nodeId()).isEqualTo("node-7");
				assertThat(context.getBean(CspWebSockets.class).nodeId()).isEqualTo("node-7");
				assertThat(cluster.isRunning()).isTrue();
			});
	}

	@Test
	void aChildContextClosingLeavesTheNodeInTheCluster() {
		this.contextRunner
			.withPropertyValues("csp.websocket.cluster.enabled=true", "csp.websocket.cluster.node-id=parent")
			.run((context) -> {
				StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
				await().atMost(TestClient.DEADLINE).until(() -> redis.hasKey("csp:ws:node:parent"));
				AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext();
				child.setParent(context);
				child.refresh();
				child.close();
				assertThat(redis.hasKey("csp:ws:node:parent")).isTrue();
			});
	}

	@Test
	void aNodeIdThatCannotNameARedisKeyIsRefusedAtStartUp() {
		this.contextRunner.withPropertyValues("csp.websocket.cluster.enabled=true", "csp.websocket.cluster.node-id=a/b")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Node id 'a/b' must be letters, digits"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnCluster() {
		this.contextRunner.withPropertyValues("csp.websocket.cluster.enabled=true")
			.withUserConfiguration(OwnCluster.class)
			.run((context) -> assertThat(context).hasSingleBean(CspWebSocketsCluster.class)
				.doesNotHaveBean(RedisCspWebSocketsCluster.class));
	}

	@Test
	void whenEnabledWithoutSpringDataRedisTheStartFailsSayingWhatToAdd() {
		this.contextRunner.withPropertyValues("csp.websocket.cluster.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("csp.websocket.cluster.enabled is true")
				.hasMessageContaining("add spring-boot-starter-data-redis"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCluster {

		@Bean
		CspWebSocketsCluster ownCluster() {
			return new CspWebSocketsCluster() {

				@Override
				public void sharedSocketOpened(SharedSocket socket) {
				}

				@Override
				public void sharedSocketClosed(SharedSocket socket) {
				}

				@Override
				public @Nullable WebSocketServer openServer(String webSocketId) {
					return null;
				}

				@Override
				public List<WebSocketServer> openServers(Predicate<SharedSocket> filter) {
					return List.of();
				}

				@Override
				public List<WebSocketInfo> describe() {
					return List.of();
				}

				@Override
				public boolean endServer(String webSocketId, String reason) {
					return false;
				}

			};
		}

	}

}
