/**
 * Auto-configuration for CSP WebSocket servers.
 */
@NullMarked
package dev.cspwebsocket.autoconfigure;

import org.jspecify.annotations.NullMarked;
