package dev.cspwebsocket.demo;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * On WebFlux, the demo's controllers, written as for Spring MVC, run on Boot's task
 * executor instead of Netty's event loops, which must not block: the chat's broadcast
 * asks the other instances of a cluster, which the starter refuses on an event loop.
 *
 * @author csp-websocket-spring-boot
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class DemoReactiveControllers implements WebFluxConfigurer {

	private final AsyncTaskExecutor executor;

	DemoReactiveControllers(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor) {
		this.executor = executor;
	}

	@Override
	public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
		configurer.setExecutor(this.executor);
	}

}
