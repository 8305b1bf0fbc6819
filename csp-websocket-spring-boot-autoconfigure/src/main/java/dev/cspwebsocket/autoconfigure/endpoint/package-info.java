/**
 * Auto-configuration of the {@code cspwebsockets} Actuator endpoint.
 */
@NullMarked
package dev.cspwebsocket.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
