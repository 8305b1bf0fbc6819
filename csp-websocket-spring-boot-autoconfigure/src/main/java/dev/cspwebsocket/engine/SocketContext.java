package dev.cspwebsocket.engine;

import java.util.concurrent.Executor;

import dev.cspwebsocket.SocketLimits;

/**
 * What every socket of the engine shares: its limits, the timer of long reads, the sender
 * threads, where it reports what happens to it, and its observations. Immutable.
 *
 * @param limits the per-socket sizes and limits
 * @param readTimer tells readers when a long timeout has run out
 * @param senders the threads that send queued messages and close frames
 * @param events where a socket reports its opening, its close and its traffic
 * @param observations the observations, and the thread context a socket's callbacks run
 * in
 * @author csp-websocket-spring-boot
 */
record SocketContext(SocketLimits limits, ReadTimer readTimer, Executor senders, SocketEvents events,
		SocketObservations observations) {
}
