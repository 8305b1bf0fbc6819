package dev.cspwebsocket.engine;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket id is a key to its socket: unguessable, whatever threads make them.
 *
 * @author csp-websocket-spring-boot
 */
class SocketIdsTests {

	@Test
	void socketIdsMadeOnManyThreadsAre160BitsNeverRepeatedWithEveryBitSetAboutHalfTheTime() throws Exception {
		int threads = 16;
		int perThread = 10_000;
		Set<String> ids = ConcurrentHashMap.newKeySet();
		int[][] setBits = new int[threads][160];
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> made = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int[] counts = setBits[t];
				made.add(pool.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						String id = SocketIds.next();
						ids.add(id);
						byte[] bits = Base64.getUrlDecoder().decode(id);
						assertThat(bits).hasSize(20);
						for (int bit = 0; bit < 160; bit++) {
							counts[bit] += (bits[bit / 8] >> (bit % 8)) & 1;
						}
					}
				}));
			}
			for (Future<?> future : made) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(ids).hasSize(threads * perThread);
		// A bit fixed or biased by the generator lands far outside 45-55% (the spread is
		// 0.13%).
		for (int bit = 0; bit < 160; bit++) {
			int set = 0;
			for (int[] counts : setBits) {
				set += counts[bit];
			}
			assertThat(set).as("ids with bit %d set", bit)
				.isBetween(threads * perThread * 45 / 100, threads * perThread * 55 / 100);
		}
	}

}
