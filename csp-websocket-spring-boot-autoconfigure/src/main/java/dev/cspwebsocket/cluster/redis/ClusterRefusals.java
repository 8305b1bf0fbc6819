package dev.cspwebsocket.cluster.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.cspwebsocket.cluster.FrameRefusal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What this node refused of the other nodes' frames and registry entries: each counted by
 * reason, and logged once per reason and version, as a rolling upgrade brings one for
 * every call between nodes of different versions. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class ClusterRefusals {

	/** The version of what is refused when not even that could be read. */
	static final int NO_VERSION = -1;

	private static final Log logger = LogFactory.getLog(ClusterRefusals.class);

	private final LongAdder[] counts = new LongAdder[FrameRefusal.values().length];

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	ClusterRefusals() {
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] = new LongAdder();
		}
	}

	/**
	 * Count a refusal, and log it if it is the first of its reason and version.
	 * @param version the version of what was refused, or {@link #NO_VERSION}
	 * @param message what was refused and what to do
	 */
	void refused(FrameRefusal reason, int version, Supplier<String> message) {
		this.counts[reason.ordinal()].increment();
		if (this.logged.add(reason.name() + "/" + version)) {
			logger.warn(message.get() + " (logged once; csp.websocket.cluster.frames.refused counts each)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message.get());
		}
	}

	long count(FrameRefusal reason) {
		return this.counts[reason.ordinal()].sum();
	}

}
