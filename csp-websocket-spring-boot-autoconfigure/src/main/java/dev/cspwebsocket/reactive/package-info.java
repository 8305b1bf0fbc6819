/**
 * CSP servers on Spring WebFlux with Reactor Netty: the handler mapping for class-name
 * URLs, the handshake as a {@code ServerWebExchange} with its {@code WebSession} and
 * reactive security context, and the adapter of Reactor Netty's own WebSocket API, which
 * takes the client's close frame from Reactor Netty so that the engine answers it, and
 * the client's protocol errors, whose close it holds in the same way; Netty's frame
 * decoder gets the client's bytes a frame at a time ({@code FrameBounds}), so that the
 * client's answer to that close is found behind a bad frame.
 */
@NullMarked
package dev.cspwebsocket.reactive;

import org.jspecify.annotations.NullMarked;
