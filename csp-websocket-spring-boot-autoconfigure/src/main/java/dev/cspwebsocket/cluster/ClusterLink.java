package dev.cspwebsocket.cluster;

import org.jspecify.annotations.Nullable;

/**
 * This node's link to the other nodes of a cluster, as health and the meters report it.
 * Implementations are thread-safe and do not block.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public interface ClusterLink {

	/**
	 * The id of this node.
	 * @return the id
	 */
	String nodeId();

	/**
	 * Whether the cluster's store answered this node's last call.
	 * @return {@code true} while the link is up
	 */
	boolean isLinkUp();

	/**
	 * Why the link is down.
	 * @return the last failure, or {@code null} while the link is up
	 */
	@Nullable String linkError();

	/**
	 * How many other nodes were live at the last heartbeat.
	 * @return the count
	 */
	int otherNodes();

	/**
	 * How many frames and registry entries of other nodes this node refused rather than
	 * read, for one reason: during a rolling upgrade, those of nodes of another wire
	 * format version.
	 * @param reason why they were refused
	 * @return the count since start-up
	 */
	long refusedFrames(FrameRefusal reason);

}
