package dev.cspwebsocket.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSocketConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.Assert;

/**
 * The CSP applications ({@code /csp/{application}/...}) and the server classes each one
 * exposes. Built once at start-up; immutable and safe to share between threads.
 *
 * @author csp-websocket-spring-boot
 */
public final class CspApplications {

	/** The application served when none is configured, as IRIS's {@code /csp/user}. */
	public static final String DEFAULT_APPLICATION = "user";

	private final Map<String, Map<String, ServerClass>> applications;

	private CspApplications(Map<String, Map<String, ServerClass>> applications) {
		this.applications = applications;
	}

	/**
	 * Expose the given server classes.
	 * @param serverClasses every registered server class
	 * @param exposure for each application, the CSP class names it exposes; a name ending
	 * in {@code *} matches a prefix, and an empty list exposes every server. An empty map
	 * means one application, {@value #DEFAULT_APPLICATION}, exposing every server.
	 * @return the applications
	 * @throws IllegalArgumentException on two servers with one CSP class name, or an
	 * exposed name that no server has
	 */
	public static CspApplications of(Collection<ServerClass> serverClasses, Map<String, List<String>> exposure) {
		Map<String, ServerClass> byName = new LinkedHashMap<>();
		for (ServerClass serverClass : serverClasses) {
			ServerClass other = byName.putIfAbsent(serverClass.name(), serverClass);
			if (other != null) {
				throw new CspWebSocketConfigurationException(
						"Beans '" + other.beanName() + "' (" + other.type().getName() + ") and '"
								+ serverClass.beanName() + "' (" + serverClass.type().getName()
								+ ") both have CSP class name '" + serverClass.name() + "'",
						"Give one of them another name with @CspClass(\"...\"): each URL reaches one server");
			}
		}
		Map<String, List<String>> effective = exposure.isEmpty() ? Map.of(DEFAULT_APPLICATION, List.of()) : exposure;
		Map<String, Map<String, ServerClass>> applications = new LinkedHashMap<>();
		effective.forEach((application, names) -> applications.put(application, expose(application, names, byName)));
		return new CspApplications(Map.copyOf(applications));
	}

	/**
	 * Find the server classes among a bean factory's {@link CspWebSocket} beans.
	 * @param beanFactory the bean factory
	 * @return the server classes
	 */
	public static List<ServerClass> serverClasses(ListableBeanFactory beanFactory) {
		List<ServerClass> serverClasses = new ArrayList<>();
		for (String beanName : beanFactory.getBeanNamesForType(CspWebSocket.class, true, false)) {
			Class<?> type = beanFactory.getType(beanName, false);
			Assert.state(type != null, () -> "Cannot tell the class of CspWebSocket bean '" + beanName + "'");
			serverClasses.add(ServerClass.of(beanName, type));
		}
		return serverClasses;
	}

	private static Map<String, ServerClass> expose(String application, List<String> names,
			Map<String, ServerClass> byName) {
		if (names.isEmpty()) {
			return Map.copyOf(byName);
		}
		Map<String, ServerClass> exposed = new LinkedHashMap<>();
		for (String name : names) {
			if (name.endsWith("*")) {
				String prefix = name.substring(0, name.length() - 1);
				byName.forEach((candidate, serverClass) -> {
					if (candidate.startsWith(prefix)) {
						exposed.put(candidate, serverClass);
					}
				});
			}
			else {
				ServerClass serverClass = byName.get(name);
				if (serverClass == null) {
					throw new CspWebSocketConfigurationException(
							"CSP application '" + application + "' exposes '" + name
									+ "', but no CspWebSocket bean has that CSP class name",
							"Expose one of " + byName.keySet() + " in csp.websocket.applications." + application
									+ ".servers, or make '" + name
									+ "' a @Component that extends CspWebSocket (with @CspClass(\"" + name
									+ "\") if its Java name differs)");
				}
				exposed.put(name, serverClass);
			}
		}
		return Map.copyOf(exposed);
	}

	/**
	 * The application names.
	 * @return the names
	 */
	public Set<String> names() {
		return this.applications.keySet();
	}

	/**
	 * The server classes an application exposes.
	 * @param application the application name
	 * @return the server classes by CSP class name, empty for an unknown application
	 */
	public Map<String, ServerClass> serverClasses(String application) {
		return this.applications.getOrDefault(application, Map.of());
	}

	/**
	 * Resolve a URL's application and class name to a registered server class. Only
	 * registered {@link CspWebSocket} beans are ever returned: nothing is loaded or
	 * looked up by the name itself.
	 * @param application the application name
	 * @param className the CSP class name
	 * @return the server class, or {@code null} when the application does not expose it
	 */
	public @Nullable ServerClass find(String application, String className) {
		return serverClasses(application).get(className);
	}

}
