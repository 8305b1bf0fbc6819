package dev.cspwebsocket.routing;

import java.util.List;
import java.util.regex.Pattern;

import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * A registered {@link CspWebSocket} bean as the URL sees it: its CSP class name, bean and
 * subprotocols. Immutable.
 *
 * @param name the CSP class name, the last URL segment without {@code .cls}
 * @param beanName the name of the (prototype) bean that makes one server object per
 * socket
 * @param type the Java class of the server
 * @param subprotocols the subprotocols the server speaks, in preference order
 * @author csp-websocket-spring-boot
 */
public record ServerClass(String name, String beanName, Class<?> type, List<String> subprotocols) {

	/** What the URL adds to the class name. */
	static final String SUFFIX = ".cls";

	// ASCII only: URLs carry the name as sent, and look-alike letters have no place in
	// it.
	private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

	public ServerClass {
		if (name.regionMatches(true, Math.max(0, name.length() - SUFFIX.length()), SUFFIX, 0, SUFFIX.length())) {
			String bare = name.substring(0, name.length() - SUFFIX.length());
			throw new CspWebSocketConfigurationException(
					"CSP class name '" + name + "' of bean '" + beanName + "' ends in '.cls', so its URL would end in '"
							+ name + ".cls'",
					"Write @CspClass(\"" + bare + "\"): the URL adds '.cls' to the class name, as IRIS does");
		}
		if (!CLASS_NAME.matcher(name).matches()) {
			throw new CspWebSocketConfigurationException(
					"CSP class name '" + name + "' of bean '" + beanName + "' is not an ASCII dotted class name",
					"Give @CspClass a name such as \"MyApp.MyWebSocketServer\": letters, digits, '_' and '$', "
							+ "in dot-separated parts that do not start with a digit");
		}
		subprotocols = List.copyOf(subprotocols);
	}

	/**
	 * Describe a server bean from its class and its {@link CspClass} annotation.
	 * @param beanName the bean name
	 * @param beanType the bean's class, possibly a CGLIB proxy of the server class
	 * @return the server class
	 */
	public static ServerClass of(String beanName, Class<?> beanType) {
		// A proxied bean is addressed by the class its author wrote.
		Class<?> type = ClassUtils.getUserClass(beanType);
		CspClass declared = AnnotatedElementUtils.findMergedAnnotation(type, CspClass.class);
		String name = (declared != null && StringUtils.hasText(declared.value())) ? declared.value() : type.getName();
		return new ServerClass(name, beanName, type, (declared != null) ? List.of(declared.subprotocols()) : List.of());
	}

	/**
	 * The subprotocol to agree on: the first one the client offers that this server
	 * speaks.
	 * @param offered the subprotocols in the client's {@code Sec-WebSocket-Protocol}, in
	 * its order
	 * @return the chosen subprotocol, or {@code null} when none matches
	 */
	public @Nullable String selectSubprotocol(List<String> offered) {
		for (String protocol : offered) {
			if (this.subprotocols.contains(protocol)) {
				return protocol;
			}
		}
		return null;
	}

}
