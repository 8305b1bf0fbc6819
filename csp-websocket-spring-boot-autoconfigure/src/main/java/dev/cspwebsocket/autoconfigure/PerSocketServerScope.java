package dev.cspwebsocket.autoconfigure;

import dev.cspwebsocket.CspWebSocket;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Makes every {@link CspWebSocket} bean prototype-scoped, so that a plain
 * {@code @Component} yields one fresh server object per socket, as in IRIS. A server bean
 * with another explicit scope, or registered as a ready-made instance, fails the start-up
 * with a message that says what to change.
 *
 * @author csp-websocket-spring-boot
 */
final class PerSocketServerScope implements BeanFactoryPostProcessor, Ordered {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanNamesForType(CspWebSocket.class, true, false)) {
			if (!beanFactory.containsBeanDefinition(name)) {
				throw new IllegalStateException("CspWebSocket bean '" + name
						+ "' was registered as a ready-made instance, but every socket needs its own server object: "
						+ "declare it as a @Component or @Bean instead");
			}
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			String scope = definition.getScope();
			if (scope == null || scope.isEmpty() || BeanDefinition.SCOPE_SINGLETON.equals(scope)) {
				definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
			}
			else if (!BeanDefinition.SCOPE_PROTOTYPE.equals(scope)) {
				throw new IllegalStateException("CspWebSocket bean '" + name + "' has scope '" + scope
						+ "', but every socket needs its own server object: remove its @Scope "
						+ "(the starter makes CspWebSocket beans prototype-scoped)");
			}
		}
		beanFactory.clearMetadataCache();
	}

	@Override
	public int getOrder() {
		// After placeholder resolution and other post-processors have settled the
		// definitions.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
