package dev.cspwebsocket.aot;

import dev.cspwebsocket.CspClass;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Echoes each message with how the application was started: {@code aot=} whether it runs
 * in AOT mode, and {@code generated=} whether this server's bean definition comes from
 * the generated code, whose definitions make their beans through an instance supplier (an
 * imported class's definition has none).
 *
 * @author csp-websocket-spring-boot
 */
@CspClass("Aot.Echo")
public class AotEchoServer extends ReplyingServer {

	private final ConfigurableListableBeanFactory beanFactory;

	AotEchoServer(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	String reply(String message) {
		return message + " aot=" + AotDetector.useGeneratedArtifacts() + " generated=" + isGenerated();
	}

	private boolean isGenerated() {
		String name = this.beanFactory.getBeanNamesForType(AotEchoServer.class)[0];
		return this.beanFactory.getBeanDefinition(name) instanceof RootBeanDefinition definition
				&& definition.getInstanceSupplier() != null;
	}

}
