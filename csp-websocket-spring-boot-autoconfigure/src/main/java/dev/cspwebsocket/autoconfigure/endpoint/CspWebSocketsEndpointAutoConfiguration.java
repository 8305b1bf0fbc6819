package dev.cspwebsocket.autoconfigure.endpoint;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.actuate.endpoint.CspWebSocketsEndpoint;
import dev.cspwebsocket.autoconfigure.CspWebSocketAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for the {@code cspwebsockets} endpoint: present only when Actuator
 * is and the endpoint is exposed.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfiguration(after = CspWebSocketAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(CspWebSockets.class)
public final class CspWebSocketsEndpointAutoConfiguration {

	// Nested: its condition's class is looked at only once Actuator is known present.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(CspWebSocketsEndpoint.class)
	@EnableConfigurationProperties(CspWebSocketsEndpointProperties.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CspWebSocketsEndpoint cspWebSocketsEndpoint(CspWebSockets sockets, CspWebSocketsEndpointProperties properties) {
			return new CspWebSocketsEndpoint(sockets, properties.getShowValues(), properties.getRoles());
		}

	}

}
