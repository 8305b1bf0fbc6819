package dev.cspwebsocket.autoconfigure;

import java.lang.reflect.Method;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketServer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * Tests for {@link CspWebSocketBeanRegistrationAotProcessor}.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketBeanRegistrationAotProcessorTests {

	private final DefaultGenerationContext generationContext = new DefaultGenerationContext(
			new ClassNameGenerator(ClassName.get("com.example", "Test")), new InMemoryGeneratedFiles());

	private final RuntimeHints hints = this.generationContext.getRuntimeHints();

	@Test
	void registersEveryClassInWhichTheStarterLooksForAnOnClientMessageOverride() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("server", new RootBeanDefinition(InheritingServer.class));
		new CspWebSocketBeanRegistrationAotProcessor().processAheadOfTime(RegisteredBean.of(beanFactory, "server"))
			.applyTo(this.generationContext, mock(BeanRegistrationCode.class));
		Method override = ReflectionUtils.findMethod(InheritingServer.class, "onClientMessage",
				ReadResult.Message.class);
		assertThat(override.getDeclaringClass()).isEqualTo(ConsumingServer.class);
		assertThat(reflection().onType(InheritingServer.class)).accepts(this.hints);
		assertThat(reflection().onType(ConsumingServer.class)).accepts(this.hints);
		assertThat(reflection().onType(CspWebSocket.class)).accepts(this.hints);
		assertThat(reflection().onType(WebSocketServer.class)).accepts(this.hints);
	}

	@Test
	void contributesNothingForOtherBeans() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("other", new RootBeanDefinition(String.class));
		assertThat(new CspWebSocketBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "other"))).isNull();
	}

	@Test
	void springFindsItInAotFactoriesAndAppliesItWhenProcessingAContext() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(CspWebSocketBeanRegistrationAotProcessor.class);
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean("server", InheritingServer.class);
			new ApplicationContextAotGenerator().processAheadOfTime(context, this.generationContext);
		}
		assertThat(reflection().onType(ConsumingServer.class)).accepts(this.hints);
	}

	/** An application's base class that consumes client messages. */
	abstract static class ConsumingServer extends CspWebSocket {

		@Override
		protected boolean onClientMessage(ReadResult.Message message) {
			return true;
		}

	}

	static class InheritingServer extends ConsumingServer {

		@Override
		protected void server() {
		}

	}

}
