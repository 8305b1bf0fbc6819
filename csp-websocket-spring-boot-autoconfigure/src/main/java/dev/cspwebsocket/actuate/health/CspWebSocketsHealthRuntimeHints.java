package dev.cspwebsocket.actuate.health;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What the health contributor needs in a native image: its {@code sharedPool} detail, a
 * record that Jackson writes by reflection and that Boot cannot know of, as details are
 * any objects. Nothing without Boot's health support. Listed in
 * {@code META-INF/spring/aot.factories}. Stateless; thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class CspWebSocketsHealthRuntimeHints implements RuntimeHintsRegistrar {

	private static final String HEALTH_INDICATOR = "org.springframework.boot.health.contributor.HealthIndicator";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// The record's outer class is a HealthIndicator: it loads only with Boot's
		// health.
		if (!ClassUtils.isPresent(HEALTH_INDICATOR, classLoader)) {
			return;
		}
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				CspWebSocketsHealthIndicator.SharedPool.class);
	}

}
