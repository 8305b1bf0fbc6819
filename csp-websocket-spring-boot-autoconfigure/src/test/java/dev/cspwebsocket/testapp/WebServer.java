package dev.cspwebsocket.testapp;

import org.springframework.util.ClassUtils;

/**
 * The server the suite runs on: the build runs it once on each, with the others' classes
 * off the test classpath. Where they answer a hostile client differently, each with a
 * specific answer, a test picks the one of its server.
 *
 * @author csp-websocket-spring-boot
 */
public enum WebServer {

	/** Tomcat, the default of Spring Boot's web starter. */
	TOMCAT,

	/** Jetty. */
	JETTY,

	/** Reactor Netty, the default of Spring Boot's WebFlux starter. */
	REACTOR_NETTY;

	/** The server of this run. */
	public static final WebServer CURRENT = current();

	/** The cookie of the HTTP session: the servlet containers' or WebFlux's. */
	public static final String SESSION_COOKIE = pick("JSESSIONID", "JSESSIONID", "SESSION");

	private static WebServer current() {
		ClassLoader loader = WebServer.class.getClassLoader();
		if (ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", loader)) {
			return TOMCAT;
		}
		return ClassUtils.isPresent("org.eclipse.jetty.server.Server", loader) ? JETTY : REACTOR_NETTY;
	}

	/**
	 * What this server answers.
	 * @param <T> the type of the answer
	 * @param onTomcat the answer on Tomcat
	 * @param onJetty the answer on Jetty
	 * @param onReactorNetty the answer on Reactor Netty
	 * @return the answer of the current server
	 */
	public static <T> T pick(T onTomcat, T onJetty, T onReactorNetty) {
		return switch (CURRENT) {
			case TOMCAT -> onTomcat;
			case JETTY -> onJetty;
			case REACTOR_NETTY -> onReactorNetty;
		};
	}

}
