/**
 * The starter in an application started from the code that Spring's AOT processing
 * generates, on the JVM.
 */
@NullMarked
package dev.cspwebsocket.aot;

import org.jspecify.annotations.NullMarked;
