/**
 * The demo application.
 */
@NullMarked
package dev.cspwebsocket.demo;

import org.jspecify.annotations.NullMarked;
