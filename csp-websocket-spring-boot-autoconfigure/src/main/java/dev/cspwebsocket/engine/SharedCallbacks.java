package dev.cspwebsocket.engine;

import dev.cspwebsocket.ServerBinding;

/**
 * The server object of a shared socket, and the tasks its callbacks run as, one at a
 * time. Immutable.
 *
 * @param server the server object
 * @param tasks the tasks its {@code server()}, {@code onClientMessage()} and
 * {@code onPostServer()} run as
 * @author csp-websocket-spring-boot
 */
record SharedCallbacks(ServerBinding server, SerialExecutor tasks) {
}
