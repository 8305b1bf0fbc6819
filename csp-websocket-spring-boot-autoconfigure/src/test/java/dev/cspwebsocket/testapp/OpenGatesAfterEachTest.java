package dev.cspwebsocket.testapp;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Opens every gate of {@link ServerEvents} after each test: a test that fails before it
 * opens its gate would otherwise leave its gated server running, and every later test of
 * the application that counts servers would fail with it.
 *
 * @author csp-websocket-spring-boot
 */
public class OpenGatesAfterEachTest implements AfterEachCallback {

	@Override
	public void afterEach(ExtensionContext context) {
		SpringExtension.getApplicationContext(context).getBean(ServerEvents.class).openGates();
	}

}
