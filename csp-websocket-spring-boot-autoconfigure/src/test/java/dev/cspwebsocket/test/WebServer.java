package dev.cspwebsocket.test;

import org.springframework.util.ClassUtils;

/**
 * The servlet container the suite runs on: the build runs it once on each, with the
 * other's classes off the test classpath. Where the two answer a hostile client
 * differently, each with a specific answer, a test picks the one of its container.
 *
 * @author csp-websocket-spring-boot
 */
public enum ServletContainer {

	/** Tomcat, the default of Spring Boot's web starter. */
	TOMCAT,

	/** Jetty. */
	JETTY;

	/** The container of this run. */
	public static final ServletContainer CURRENT = ClassUtils.isPresent("org.eclipse.jetty.server.Server",
			ServletContainer.class.getClassLoader()) ? JETTY : TOMCAT;

	/**
	 * What this container answers.
	 * @param <T> the type of the answer
	 * @param onTomcat the answer on Tomcat
	 * @param onJetty the answer on Jetty
	 * @return the answer of the current container
	 */
	public static <T> T pick(T onTomcat, T onJetty) {
		return (CURRENT == JETTY) ? onJetty : onTomcat;
	}

}
