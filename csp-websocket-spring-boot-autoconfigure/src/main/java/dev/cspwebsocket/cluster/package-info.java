/**
 * What a cluster does for the engine ({@code CspWebSocketsCluster}), what it may run on
 * this node for the other nodes ({@code LocalNode}), and what it knows of a shared socket
 * ({@code SharedSocket}). The implementation on Redis is in {@code cluster.redis}.
 */
@NullMarked
package dev.cspwebsocket.cluster;

import org.jspecify.annotations.NullMarked;
