package dev.cspwebsocket;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one socket is and has done, at one moment: for status pages and monitoring.
 * Immutable snapshot.
 *
 * @param webSocketId the socket id
 * @param application the CSP application
 * @param serverClass the CSP server class
 * @param sharedConnection whether it is a shared connection (else dedicated)
 * @param open whether it is open
 * @param subprotocol the subprotocol, if any
 * @param remoteAddress the client's address, if known
 * @param openedAt when it opened
 * @param lastActivity when a message last went either way (or when it opened)
 * @param messagesIn whole messages from the client
 * @param bytesIn bytes from the client (UTF-8 for text)
 * @param messagesOut whole messages to the client
 * @param bytesOut bytes to the client (UTF-8 for text)
 * @param inboundQueued client messages waiting to be read
 * @param outboundBuffered the send buffer's fill: bytes (characters for text) accepted
 * for sending and not yet sent, plus 64 per queued message
 * @param sessionId the HTTP session id, if any
 * @param principal the name of the handshake's user, if any
 * @param node the id of the node that holds the socket
 * @param away how a resumable socket waits for its client, or {@code null} while it is
 * connected or closed
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record WebSocketInfo(String webSocketId, String application, String serverClass, boolean sharedConnection,
		boolean open, @Nullable String subprotocol, @Nullable String remoteAddress, Instant openedAt,
		Instant lastActivity, long messagesIn, long bytesIn, long messagesOut, long bytesOut, int inboundQueued,
		long outboundBuffered, @Nullable String sessionId, @Nullable String principal, String node,
		@Nullable Away away) {

	/**
	 * The socket's mode as shown: {@code dedicated} or {@code shared}.
	 * @return the mode
	 */
	public String mode() {
		return this.sharedConnection ? "shared" : "dedicated";
	}

	/**
	 * The socket's state as shown: {@code open}, {@code away} (a resumable socket whose
	 * connection dropped, waiting for its client) or {@code closed}.
	 * @return the state
	 */
	public String state() {
		return !this.open ? "closed" : (this.away != null) ? "away" : "open";
	}

	/**
	 * A resumable socket away from its client.
	 *
	 * @param since when its connection dropped
	 * @param keptMessages the messages kept for the client, sent or not, that it has not
	 * acknowledged
	 * @param keptBytes their size: bytes, characters for text
	 */
	public record Away(Instant since, long keptMessages, long keptBytes) {
	}

}
