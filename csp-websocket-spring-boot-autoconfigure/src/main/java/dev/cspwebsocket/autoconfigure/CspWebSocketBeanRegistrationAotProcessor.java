package dev.cspwebsocket.autoconfigure;

import dev.cspwebsocket.CspWebSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ClassUtils;

/**
 * Registers, for each {@link CspWebSocket} bean, the classes in which the starter looks
 * for an {@code onClientMessage} override by reflection: the bean's class and its
 * superclasses up to {@code CspWebSocket}, with their interfaces. Spring registers the
 * bean's own class, but an override in an abstract superclass of the application's would
 * go unseen in a native image, and its messages would be queued for a reader that never
 * comes. The starter cannot name the application's classes: they are known only when AOT
 * processing looks at the bean factory. Listed in {@code META-INF/spring/aot.factories}.
 * Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspWebSocketBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
		if (!CspWebSocket.class.isAssignableFrom(type)) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			Class<?> searched = type;
			while (searched != null && searched != CspWebSocket.class) {
				reflection.registerType(searched);
				searched = searched.getSuperclass();
			}
			reflection.registerType(CspWebSocket.class);
			reflection.registerForInterfaces(type, (hint) -> {
			});
		};
	}

}
