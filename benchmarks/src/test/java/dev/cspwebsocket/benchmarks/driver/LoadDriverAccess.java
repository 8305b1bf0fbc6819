package dev.cspwebsocket.benchmarks.driver;

import java.util.function.Consumer;

/**
 * Runs the driver inside a test's JVM.
 *
 * @author csp-websocket-spring-boot
 */
public final class LoadDriverAccess {

	private LoadDriverAccess() {
	}

	/**
	 * Run the quick suite.
	 * @param port the server's port
	 * @param rows where the table rows go
	 * @throws Exception when a scenario fails
	 */
	public static void quickSuite(int port, Consumer<String> rows) throws Exception {
		new LoadDriver(port, rows).suite(false);
	}

	/**
	 * Run the quick scale scenario alone, as against the lean server.
	 * @param port the server's port
	 * @param rows where the table rows go
	 * @throws Exception when the scenario fails
	 */
	public static void quickLean(int port, Consumer<String> rows) throws Exception {
		new LoadDriver(port, rows).scaleTable(false);
	}

	/**
	 * Run the quick cluster scenario.
	 * @param port the port of the node whose socket the other node writes to
	 * @param otherPort the other node's port
	 * @param rows where the table rows go
	 * @throws Exception when the scenario fails
	 */
	public static void quickCluster(int port, int otherPort, Consumer<String> rows) throws Exception {
		new LoadDriver(port, rows).clusterSuite(otherPort, false);
	}

}
