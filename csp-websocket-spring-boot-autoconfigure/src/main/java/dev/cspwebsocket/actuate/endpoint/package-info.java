/**
 * The {@code cspwebsockets} Actuator endpoint: every open socket and its counters.
 */
@NullMarked
package dev.cspwebsocket.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
