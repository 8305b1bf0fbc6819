/**
 * CSP servers on Spring WebFlux with Reactor Netty: the handler mapping for class-name
 * URLs, the handshake as a {@code ServerWebExchange} with its {@code WebSession} and
 * reactive security context, and the adapter of Reactor Netty's own WebSocket API, which
 * takes the client's close frame from Reactor Netty so that the engine answers it.
 */
@NullMarked
package dev.cspwebsocket.reactive;

import org.jspecify.annotations.NullMarked;
