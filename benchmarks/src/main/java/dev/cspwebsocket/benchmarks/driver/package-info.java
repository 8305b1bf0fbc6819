/**
 * The load driver: scenarios run from their own JVM against the benchmark server.
 */
@NullMarked
package dev.cspwebsocket.benchmarks.driver;

import org.jspecify.annotations.NullMarked;
