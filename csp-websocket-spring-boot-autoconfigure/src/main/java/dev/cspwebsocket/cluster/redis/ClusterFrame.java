package dev.cspwebsocket.cluster.redis;

/**
 * What a node reads on its channel ({@link ClusterCodec#decode(byte[])}): a request, an
 * answer, another node's refusal of this node's request, or a frame this node cannot read
 * and refuses. Immutable.
 *
 * @author csp-websocket-spring-boot
 */
sealed interface ClusterFrame permits ClusterRequest, ClusterReply, ClusterCodec.Refusal, ClusterCodec.Unreadable {

}
