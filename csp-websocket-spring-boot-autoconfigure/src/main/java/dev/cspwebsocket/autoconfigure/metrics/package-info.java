/**
 * Auto-configuration of the Micrometer meters of the sockets.
 */
@NullMarked
package dev.cspwebsocket.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
