package dev.cspwebsocket.testapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.cspwebsocket.test.CspWebSocketTest;
import dev.cspwebsocket.test.TestServer;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.core.annotation.AliasFor;

/**
 * A test against the {@link TestApplication} on a random port, reached through its
 * {@link TestServer} bean: {@code properties} configure the starter for the test, and
 * {@code classes} add configuration of its own beside the application. Gated servers are
 * let go after each test ({@link OpenGatesAfterEachTest}).
 *
 * @author csp-websocket-spring-boot
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@CspWebSocketTest(classes = TestApplication.class)
@ExtendWith(OpenGatesAfterEachTest.class)
public @interface CspServerTest {

	/**
	 * Properties in the form {@code key=value} for the test's environment.
	 * @return the properties
	 */
	@AliasFor(annotation = CspWebSocketTest.class, attribute = "properties")
	String[] properties() default {};

	/**
	 * The configuration of the application context: the {@link TestApplication}, and any
	 * more that the test needs.
	 * @return the configuration classes
	 */
	@AliasFor(annotation = CspWebSocketTest.class, attribute = "classes")
	Class<?>[] classes() default TestApplication.class;

}
