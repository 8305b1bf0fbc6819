/**
 * The {@code %CSP.WebSocket} programming model for Spring, as an application uses it:
 * extend {@link dev.cspwebsocket.CspWebSocket}, and each socket gets its own server
 * object with {@code onPreServer()}, {@code server()} and {@code onPostServer()}; reach
 * shared sockets from any thread through {@link dev.cspwebsocket.CspWebSockets}. This
 * package imports nothing else of the project.
 * <p>
 * The rest of the starter, by package: {@code engine} (the sockets, their threads, reads,
 * writes and closes; it knows no container), {@code transport} (the seam between the
 * engine and a container), {@code routing} (server URLs to server classes),
 * {@code servlet} and {@code reactive} (the container adapters: Tomcat and Jetty, WebFlux
 * on Reactor Netty), {@code cluster} (what a cluster does for the engine) and
 * {@code cluster.redis} (the cluster on Redis), {@code actuate} (metrics, health, the
 * status endpoint) and {@code autoconfigure}.
 */
@NullMarked
package dev.cspwebsocket;

import org.jspecify.annotations.NullMarked;
