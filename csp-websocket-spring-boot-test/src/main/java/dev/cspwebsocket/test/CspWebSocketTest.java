package dev.cspwebsocket.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * A test of an application's CSP servers against the real application: it starts on a
 * random port (a {@link SpringBootTest} with {@link WebEnvironment#RANDOM_PORT}), and a
 * {@link TestServer} bean connects {@link TestClient}s to it; inject it with
 * {@code @Autowired}.
 *
 * <pre class="code">
 * &#64;CspWebSocketTest
 * class MyWebSocketServerTests {
 *
 *     &#64;Autowired
 *     TestServer server;
 *
 *     &#64;Test
 *     void echoes() {
 *         TestClient client = server.connect("/csp/user/MyApp.MyWebSocketServer.cls");
 *         client.send("hello");
 *         assertThat(client.nextText()).isEqualTo("hello");
 *     }
 * }
 * </pre>
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestServer.class)
public @interface CspWebSocketTest {

	/**
	 * Properties in the form {@code key=value} for the test's environment.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

	/**
	 * The configuration of the application context; the application's
	 * {@code @SpringBootConfiguration} is found as {@link SpringBootTest} finds it when
	 * none is given.
	 * @return the configuration classes
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default {};

}
