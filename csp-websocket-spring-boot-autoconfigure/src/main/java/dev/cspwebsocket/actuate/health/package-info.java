/**
 * The {@code cspwebsockets} health contributor.
 */
@NullMarked
package dev.cspwebsocket.actuate.health;

import org.jspecify.annotations.NullMarked;
