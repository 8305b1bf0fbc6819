package dev.cspwebsocket.autoconfigure.cluster;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;
import dev.cspwebsocket.autoconfigure.CspWebSocketProperties;
import dev.cspwebsocket.cluster.CspWebSocketsCluster;
import dev.cspwebsocket.cluster.redis.RedisCspWebSocketsCluster;
import dev.cspwebsocket.engine.CspWebSocketsEngine;
import dev.cspwebsocket.observation.ClusterCallObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Auto-configuration of the cluster on Redis, on with
 * {@code csp.websocket.cluster.enabled=true}: it uses the application's
 * {@link RedisConnectionFactory} ({@code spring.data.redis.*}) and Boot's
 * {@code redisMessageListenerContainer}.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfiguration(after = CspWebSocketAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBean(CspWebSockets.class)
@ConditionalOnBooleanProperty("csp.websocket.cluster.enabled")
public final class CspWebSocketClusterAutoConfiguration {

	private static final String NO_REDIS = "csp.websocket.cluster.enabled is true, but ";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	static class RedisClusterConfiguration {

		@Bean
		@ConditionalOnMissingBean(CspWebSocketsCluster.class)
		RedisCspWebSocketsCluster cspWebSocketsCluster(CspWebSocketsEngine sockets, CspWebSocketProperties properties,
				ObjectProvider<RedisConnectionFactory> connectionFactories,
				ObjectProvider<RedisMessageListenerContainer> listenerContainers,
				ObjectProvider<ObservationRegistry> observationRegistry,
				ObjectProvider<ClusterCallObservationConvention> observationConvention) {
			RedisConnectionFactory connectionFactory = connectionFactories.getIfUnique();
			if (connectionFactory == null) {
				throw new IllegalStateException(NO_REDIS + "there is no single RedisConnectionFactory: add "
						+ "spring-boot-starter-data-redis and set spring.data.redis.*");
			}
			RedisMessageListenerContainer listenerContainer = listenerContainers.getIfUnique();
			if (listenerContainer == null) {
				throw new IllegalStateException(NO_REDIS + "there is no single RedisMessageListenerContainer: "
						+ "Boot makes one when spring-messaging is present, as spring-boot-starter-websocket brings it");
			}
			CspWebSocketProperties.Cluster cluster = properties.getCluster();
			RedisCspWebSocketsCluster redisCluster = new RedisCspWebSocketsCluster(sockets.localNode(),
					connectionFactory, listenerContainer, cluster.getKeyPrefix(), cluster.getTtl(),
					cluster.getRequestTimeout());
			observationRegistry.ifAvailable(redisCluster::setObservationRegistry);
			redisCluster.setObservationConvention(observationConvention.getIfAvailable());
			sockets.setCluster(redisCluster);
			return redisCluster;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
	static class MissingRedisConfiguration {

		MissingRedisConfiguration() {
			throw new IllegalStateException(
					NO_REDIS + "Spring Data Redis is not on the classpath: add spring-boot-starter-data-redis");
		}

	}

}
