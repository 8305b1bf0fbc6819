/**
 * Testing CSP WebSocket servers against the real application on a real port:
 * {@link dev.cspwebsocket.test.CspWebSocketTest} starts it, a
 * {@link dev.cspwebsocket.test.TestServer} connects
 * {@link dev.cspwebsocket.test.TestClient}s (a real RFC 6455 client whose waits have a
 * deadline), and {@link dev.cspwebsocket.test.RawHttp} and
 * {@link dev.cspwebsocket.test.RawWebSocket} send what a well-behaved client would not.
 */
@NullMarked
package dev.cspwebsocket.test;

import org.jspecify.annotations.NullMarked;
