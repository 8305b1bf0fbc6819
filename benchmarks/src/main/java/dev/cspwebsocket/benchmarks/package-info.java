/**
 * The benchmark server: raw Spring WebSocket handlers, an echo and a broadcast's target,
 * and the CSP servers they are measured against.
 */
@NullMarked
package dev.cspwebsocket.benchmarks;

import org.jspecify.annotations.NullMarked;
