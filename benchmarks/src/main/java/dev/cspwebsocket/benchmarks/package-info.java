/**
 * The benchmark server: one raw Spring WebSocket echo and the CSP servers it is measured
 * against.
 */
@NullMarked
package dev.cspwebsocket.benchmarks;

import org.jspecify.annotations.NullMarked;
