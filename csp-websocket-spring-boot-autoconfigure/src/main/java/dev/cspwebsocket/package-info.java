/**
 * The {@code %CSP.WebSocket} programming model for Spring: extend
 * {@link dev.cspwebsocket.CspWebSocket}, and each socket gets its own server object with
 * {@code onPreServer()}, {@code server()} and {@code onPostServer()}.
 */
@NullMarked
package dev.cspwebsocket;

import org.jspecify.annotations.NullMarked;
