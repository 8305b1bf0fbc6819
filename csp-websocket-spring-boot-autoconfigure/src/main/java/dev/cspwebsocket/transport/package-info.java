/**
 * The seam between the engine and a container: what an adapter hands the engine (a
 * handshake, the events of a socket) and how the engine reaches the client. Internal to
 * the starter: not for applications, and it may change between versions.
 */
@NullMarked
package dev.cspwebsocket.transport;

import org.jspecify.annotations.NullMarked;
