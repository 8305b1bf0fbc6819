/**
 * Auto-configuration of the cluster on Redis.
 */
@NullMarked
package dev.cspwebsocket.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
