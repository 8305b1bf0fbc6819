/**
 * Test support: a real WebSocket client, a raw HTTP client and an instrumented server.
 */
@NullMarked
package dev.cspwebsocket.test;

import org.jspecify.annotations.NullMarked;
