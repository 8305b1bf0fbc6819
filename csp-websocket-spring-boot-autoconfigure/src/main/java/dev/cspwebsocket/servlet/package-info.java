/**
 * CSP servers on a servlet container: the handler mapping for class-name URLs, the
 * handshake as a servlet request, the HTTP session of the servlet container or Spring
 * Session, and an adapter for each container's WebSocket API (Jakarta WebSocket on
 * Tomcat, Jetty's own API on Jetty).
 */
@NullMarked
package dev.cspwebsocket.servlet;

import org.jspecify.annotations.NullMarked;
