/**
 * Micrometer meters of the sockets, their traffic and their threads.
 */
@NullMarked
package dev.cspwebsocket.actuate.metrics;

import org.jspecify.annotations.NullMarked;
