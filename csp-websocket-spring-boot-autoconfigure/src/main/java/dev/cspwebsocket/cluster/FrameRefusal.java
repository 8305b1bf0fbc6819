package dev.cspwebsocket.cluster;

import java.util.Locale;

/**
 * Why this node refused what another node wrote for it (a frame, or a registry entry)
 * rather than read it. Immutable.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 * @see ClusterLink#refusedFrames(FrameRefusal)
 */
public enum FrameRefusal {

	/**
	 * Of another wire format version, older or newer: the nodes run releases that cannot
	 * work each other's sockets.
	 */
	VERSION,

	/** Of this node's version, but of a kind it does not know, such as an operation. */
	KIND,

	/** Not a frame of the cluster, or cut short. */
	MALFORMED;

	/**
	 * The reason as a meter tag value, such as {@code version}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
