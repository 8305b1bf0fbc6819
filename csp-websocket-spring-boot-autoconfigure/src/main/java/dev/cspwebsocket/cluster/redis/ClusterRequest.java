package dev.cspwebsocket.cluster.redis;

/**
 * What one node asks of another about one socket. Immutable.
 *
 * @param id the request id, unique on the asking node
 * @param replyTo the id of the asking node
 * @param operation what to do
 * @param webSocketId the socket, empty for {@link Operation#DESCRIBE}
 * @param text the text to write, the reader of a read, or the reason of an end
 * @param data the bytes to write
 * @param maxLength the most characters or bytes to read
 * @param timeoutMillis how long a read waits
 * @author csp-websocket-spring-boot
 */
record ClusterRequest(long id, String replyTo, Operation operation, String webSocketId, String text, byte[] data,
		int maxLength, long timeoutMillis) implements ClusterFrame {

	private static final byte[] NO_DATA = new byte[0];

	/** A request with no arguments, not addressed yet. */
	static ClusterRequest of(Operation operation) {
		return new ClusterRequest(0, "", operation, "", "", NO_DATA, 0, 0);
	}

	ClusterRequest withText(String text) {
		return new ClusterRequest(this.id, this.replyTo, this.operation, this.webSocketId, text, this.data,
				this.maxLength, this.timeoutMillis);
	}

	ClusterRequest withData(byte[] data) {
		return new ClusterRequest(this.id, this.replyTo, this.operation, this.webSocketId, this.text, data,
				this.maxLength, this.timeoutMillis);
	}

	ClusterRequest withRead(int maxLength, long timeoutMillis) {
		return new ClusterRequest(this.id, this.replyTo, this.operation, this.webSocketId, this.text, this.data,
				maxLength, timeoutMillis);
	}

	/** The request as sent: its id, who asks, and about which socket. */
	ClusterRequest addressed(long id, String replyTo, String webSocketId) {
		return new ClusterRequest(id, replyTo, this.operation, webSocketId, this.text, this.data, this.maxLength,
				this.timeoutMillis);
	}

	/**
	 * What a request asks for. Goes on the wire by name: renaming one, or adding one,
	 * makes a new wire format version ({@link ClusterCodec#FORMAT}).
	 */
	enum Operation {

		/** Write {@code text}; answered {@link ClusterReply.Done}. */
		WRITE_TEXT,

		/** Write {@code data}; answered {@link ClusterReply.Done}. */
		WRITE_BINARY,

		/** Read for the reader in {@code text}; answered {@link ClusterReply.Read}. */
		READ,

		/** End the socket with 1000; answered {@link ClusterReply.Done}. */
		END_SERVER,

		/** End the socket as an administrator, reason in {@code text}. */
		END_BY_ADMINISTRATOR,

		/** Whether the socket is open; answered {@link ClusterReply.Done}. */
		IS_OPEN,

		/** Every socket of the node; answered {@link ClusterReply.Described}. */
		DESCRIBE,

		/**
		 * The asker of the read with this id took the piece; not answered. Without it,
		 * the piece goes back to its socket's queue.
		 */
		READ_TAKEN

	}

}
