package dev.cspwebsocket.autoconfigure;

import dev.cspwebsocket.CspWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.support.SimpleThreadScope;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PerSocketServerScope}.
 *
 * @author csp-websocket-spring-boot
 */
class PerSocketServerScopeTests {

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void componentServerBeanGetsOneFullyInjectedObjectPerLookup() {
		this.context.register(PerSocketServerScope.class, Greeting.class, ComponentServer.class);
		this.context.refresh();
		ComponentServer first = this.context.getBean(ComponentServer.class);
		ComponentServer second = this.context.getBean(ComponentServer.class);
		assertThat(first).isNotSameAs(second);
		Greeting greeting = this.context.getBean(Greeting.class);
		assertThat(first.greeting).isSameAs(greeting);
		assertThat(second.greeting).isSameAs(greeting);
		assertThat(this.context.getBean(Greeting.class)).isSameAs(greeting);
		assertThat(
				this.context.getBeanFactory().getBeanDefinition("perSocketServerScopeTests.ComponentServer").getScope())
			.isEqualTo(BeanDefinition.SCOPE_PROTOTYPE);
		assertThat(this.context.isPrototype("perSocketServerScopeTests.ComponentServer")).isTrue();
		assertThat(this.context.isSingleton("perSocketServerScopeTests.Greeting")).isTrue();
	}

	@Test
	void componentServerBeanIsASingletonWithoutThePostProcessor() {
		// The control for the test above: the scope change is the post-processor's doing.
		this.context.register(Greeting.class, ComponentServer.class);
		this.context.refresh();
		assertThat(this.context.getBean(ComponentServer.class)).isSameAs(this.context.getBean(ComponentServer.class));
	}

	@Test
	void beanMethodServerIsMadePrototypeToo() {
		this.context.register(PerSocketServerScope.class, Greeting.class, ServerConfiguration.class);
		this.context.refresh();
		CspWebSocket first = this.context.getBean("beanMethodServer", CspWebSocket.class);
		CspWebSocket second = this.context.getBean("beanMethodServer", CspWebSocket.class);
		assertThat(first).isInstanceOf(ComponentServer.class).isNotSameAs(second);
		assertThat(((ComponentServer) first).greeting).isSameAs(this.context.getBean(Greeting.class));
		assertThat(this.context.isPrototype("beanMethodServer")).isTrue();
	}

	@Test
	void explicitSingletonScopeIsMadePrototype() {
		this.context.register(PerSocketServerScope.class, SingletonScopedServer.class);
		this.context.refresh();
		assertThat(this.context.getBean(SingletonScopedServer.class))
			.isNotSameAs(this.context.getBean(SingletonScopedServer.class));
	}

	@Test
	void explicitPrototypeScopeIsKept() {
		this.context.register(PerSocketServerScope.class, PrototypeScopedServer.class);
		this.context.refresh();
		assertThat(this.context.getBean(PrototypeScopedServer.class))
			.isNotSameAs(this.context.getBean(PrototypeScopedServer.class));
	}

	@Test
	void serverBeanWithAnotherExplicitScopeFailsTheStartUp() {
		this.context.getBeanFactory().registerScope("thread", new SimpleThreadScope());
		this.context.register(PerSocketServerScope.class, ThreadScopedServer.class);
		assertThatIllegalStateException().isThrownBy(this.context::refresh)
			.withMessageContaining("'perSocketServerScopeTests.ThreadScopedServer'")
			.withMessageContaining("scope 'thread'")
			.withMessageContaining("remove its @Scope");
	}

	@Test
	void serverBeanWithAnotherExplicitScopeWorksWithoutThePostProcessor() {
		// The control for the test above: the custom scope itself is usable.
		this.context.getBeanFactory().registerScope("thread", new SimpleThreadScope());
		this.context.register(ThreadScopedServer.class);
		this.context.refresh();
		assertThat(this.context.getBean(ThreadScopedServer.class))
			.isSameAs(this.context.getBean(ThreadScopedServer.class));
	}

	@Test
	void readyMadeServerInstanceFailsTheStartUp() {
		this.context.getBeanFactory().registerSingleton("readyMade", new ComponentServer(new Greeting()));
		this.context.register(PerSocketServerScope.class);
		assertThatIllegalStateException().isThrownBy(this.context::refresh)
			.withMessageContaining("'readyMade'")
			.withMessageContaining("ready-made instance");
	}

	@Component
	static class Greeting {

	}

	@Component
	static class ComponentServer extends CspWebSocket {

		final Greeting greeting;

		ComponentServer(Greeting greeting) {
			this.greeting = greeting;
		}

		@Override
		protected void server() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServerConfiguration {

		@Bean
		CspWebSocket beanMethodServer(Greeting greeting) {
			return new ComponentServer(greeting);
		}

	}

	@Component
	@Scope(BeanDefinition.SCOPE_SINGLETON)
	static class SingletonScopedServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@Component
	@Scope(BeanDefinition.SCOPE_PROTOTYPE)
	static class PrototypeScopedServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

	@Component
	@Scope("thread")
	static class ThreadScopedServer extends CspWebSocket {

		@Override
		protected void server() {
		}

	}

}
