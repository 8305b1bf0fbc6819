package dev.cspwebsocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares how a {@link CspWebSocket} is addressed: its CSP class name (the last segment
 * of {@code /csp/{application}/{ClassName}.cls}) and the subprotocols it speaks. Without
 * this annotation the CSP class name is the fully-qualified Java class name and no
 * subprotocol is spoken.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CspClass {

	/**
	 * The CSP class name, for example {@code MyApp.MyWebSocketServer}; empty means the
	 * fully-qualified Java class name.
	 * @return the CSP class name
	 */
	String value() default "";

	/**
	 * The subprotocols this server speaks; the first one the client offers that is listed
	 * here is chosen and echoed in {@code Sec-WebSocket-Protocol}.
	 * @return the subprotocols, none by default
	 */
	String[] subprotocols() default {};

}
