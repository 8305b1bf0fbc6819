package dev.cspwebsocket.benchmarks;

/**
 * The raw baseline of the broadcast: the sockets a raw Spring handler of the server's
 * stack keeps open at {@code /raw/target}, and its writing to all of them, each stack the
 * way a Spring user without this project would. The benchmark controller times it as it
 * times the CSP broadcast, so that the two compare on the same server.
 *
 * @author csp-websocket-spring-boot
 */
interface RawTargets {

	/**
	 * How many targets are open.
	 * @return the count
	 */
	int count();

	/**
	 * Write one message to every open target, one after the other on this thread.
	 * @param message the text
	 * @param sent run once for each message handed to the network, on whatever thread
	 * learns it
	 * @return how many messages were written; one that failed at once is left out, one
	 * that fails later is never counted as sent
	 */
	long writeToAll(String message, Runnable sent);

}
