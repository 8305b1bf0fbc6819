/**
 * Routing: the CSP applications of a node, and the server URL
 * {@code /csp/{application}/{ClassName}.cls} of each registered {@code CspWebSocket}
 * bean. A URL resolves only to a registered server class, never to an arbitrary class.
 */
@NullMarked
package dev.cspwebsocket.routing;

import org.jspecify.annotations.NullMarked;
