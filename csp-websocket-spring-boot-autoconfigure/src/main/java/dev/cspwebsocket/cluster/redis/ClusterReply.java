package dev.cspwebsocket.cluster.redis;

import java.util.List;

import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketInfo;

/**
 * What a node answers to a {@link ClusterRequest}. Each kind goes on the wire by name
 * ({@link ClusterCodec}). Immutable.
 *
 * @author csp-websocket-spring-boot
 */
sealed interface ClusterReply extends ClusterFrame permits ClusterReply.Done, ClusterReply.NotFound,
		ClusterReply.Closed, ClusterReply.Failed, ClusterReply.Read, ClusterReply.Described {

	/**
	 * The request that this answers.
	 * @return the request id
	 */
	long requestId();

	/**
	 * Done; for a question, the answer.
	 *
	 * @param requestId the request
	 * @param answer the answer, {@code true} when the request asked nothing
	 */
	record Done(long requestId, boolean answer) implements ClusterReply {
	}

	/**
	 * No shared socket with that id is open on the node.
	 *
	 * @param requestId the request
	 */
	record NotFound(long requestId) implements ClusterReply {
	}

	/**
	 * The socket has closed: the message was not sent.
	 *
	 * @param requestId the request
	 * @param code the close code
	 * @param reason what the node said
	 */
	record Closed(long requestId, int code, String reason) implements ClusterReply {
	}

	/**
	 * The operation failed on the node.
	 *
	 * @param requestId the request
	 * @param message what the node said
	 */
	record Failed(long requestId, String message) implements ClusterReply {
	}

	/**
	 * What a read returned.
	 *
	 * @param requestId the request
	 * @param result the piece, timeout or close
	 */
	record Read(long requestId, ReadResult result) implements ClusterReply {
	}

	/**
	 * The sockets of the node.
	 *
	 * @param requestId the request
	 * @param sockets the sockets
	 */
	record Described(long requestId, List<WebSocketInfo> sockets) implements ClusterReply {
	}

}
