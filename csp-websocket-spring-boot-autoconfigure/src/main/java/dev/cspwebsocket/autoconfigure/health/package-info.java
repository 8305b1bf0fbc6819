/**
 * Auto-configuration of the {@code cspwebsockets} health contributor.
 */
@NullMarked
package dev.cspwebsocket.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
