/**
 * The cluster on Redis: every node registers its shared sockets there, and works the
 * sockets of the other nodes by request and reply over Redis pub/sub.
 */
@NullMarked
package dev.cspwebsocket.cluster.redis;

import org.jspecify.annotations.NullMarked;
