package dev.cspwebsocket.benchmarks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat's lean configuration: the buffers Tomcat gives each connection for reading and
 * writing, 8 KB each by default, set by {@code bench.socket-buffer-size}. Tomcat's own,
 * so the {@code jetty} profile leaves it out of the build.
 *
 * @author csp-websocket-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("bench.socket-buffer-size")
class LeanTomcat {

	@Bean
	TomcatConnectorCustomizer socketBuffers(@Value("${bench.socket-buffer-size}") DataSize size) {
		return (connector) -> {
			connector.setProperty("socket.appReadBufSize", String.valueOf(size.toBytes()));
			connector.setProperty("socket.appWriteBufSize", String.valueOf(size.toBytes()));
		};
	}

}
