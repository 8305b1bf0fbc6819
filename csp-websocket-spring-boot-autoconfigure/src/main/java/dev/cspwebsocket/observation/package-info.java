/**
 * Micrometer observations of handshakes, sockets and cluster calls: their contexts, their
 * documented conventions, and the interfaces by which an application replaces a
 * convention (a bean of that type).
 */
@NullMarked
package dev.cspwebsocket.observation;

import org.jspecify.annotations.NullMarked;
