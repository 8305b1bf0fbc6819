package dev.cspwebsocket.testapp;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.test.TestServer;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * A test against the {@link TestApplication}, with what most tests reach it through: the
 * server, the registry of sockets, the shared sockets by tag, and what the instrumented
 * servers saw. A subclass's own {@link CspServerTest} configures the application.
 *
 * @author csp-websocket-spring-boot
 */
@CspServerTest
public abstract class ServerIntegrationTests {

	/** The running application, to connect clients to. */
	@Autowired
	protected TestServer server;

	/** The registry of open sockets. */
	@Autowired
	protected CspWebSockets sockets;

	/** The open shared sockets, by the tag their clients connected with. */
	@Autowired
	protected OpenServers servers;

	/** What the instrumented servers saw. */
	@Autowired
	protected ServerEvents events;

}
