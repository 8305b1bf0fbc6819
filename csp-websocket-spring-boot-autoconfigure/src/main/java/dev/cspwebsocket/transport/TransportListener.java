package dev.cspwebsocket.transport;

import java.nio.ByteBuffer;

/**
 * What a container adapter tells the CSP engine of one socket: the other half of the seam
 * of {@link Transport}. Internal to the starter: not for applications, and it may change
 * between versions.
 * <p>
 * <b>Thread safety.</b> The adapter calls it on the container's threads, one event at a
 * time for a socket, in the order the events happened: {@link #opened} first, then the
 * client's message parts and pongs, then {@link #closing} or {@link #closed}; after
 * {@link #closing}, {@link #closed} may follow. {@link #failure} may come on any thread
 * at any time, the engine's included.
 *
 * @author csp-websocket-spring-boot
 */
public interface TransportListener {

	/**
	 * The socket is open.
	 * @param transport the way to the client from now on
	 */
	void opened(Transport transport);

	/**
	 * A part of a text message from the client; valid UTF-8, as the container checks. The
	 * last part of a message may keep the calling thread until the server has read it, at
	 * most the send-time limit, when the transport does not hold its answer to a close
	 * ({@link Transport#holdsCloseAnswer()}).
	 * @param part the text of the part, possibly empty
	 * @param last whether it ends the message
	 */
	void text(String part, boolean last);

	/**
	 * A part of a text message from the client whose UTF-8 size the container knows, as
	 * {@link #text(String, boolean)}: it is not measured again. The part holds whole
	 * characters.
	 * @param part the text of the part, possibly empty
	 * @param last whether it ends the message
	 * @param bytes its size in UTF-8
	 */
	void text(String part, boolean last, int bytes);

	/**
	 * A part of a binary message from the client; the last may keep the calling thread,
	 * as for {@link #text}.
	 * @param part the bytes, which the container may reuse once this returns
	 * @param last whether it ends the message
	 */
	void binary(ByteBuffer part, boolean last);

	/** A pong from the client. */
	void pong();

	/**
	 * The client has taken nothing for the send-time limit while what the server wrote
	 * waits to go, and no send waits for it (a transport that takes sends without waiting
	 * for them to go tells this itself): the transport drops the connection once this
	 * returns.
	 */
	void stalled();

	/**
	 * The client has sent a close frame, whose answer the transport holds back until the
	 * engine calls {@link Transport#close}: what the server writes in answer to the
	 * messages before it goes out first. The socket is closed to its readers from now on,
	 * once they have what came before. A transport that holds its answers also fails the
	 * connection for a client's protocol error this way, with the code of the error: its
	 * close frame is held in the same way, so that the server's answers to the messages
	 * before the bad frame go first.
	 * @param code the client's close code (1005 when it gave none), or the code of the
	 * protocol error
	 * @param reason the reason, possibly empty
	 */
	void closing(int code, String reason);

	/**
	 * Something failed in the container for this socket (an error it reports, a write or
	 * a close that failed), which the close that follows deals with: for the debug log,
	 * with the socket's id and in its log context.
	 * @param what what failed, as a sentence without the socket, such as "Closing failed"
	 * @param failure the container's exception
	 */
	void failure(String what, Throwable failure);

	/**
	 * The connection has closed, by either side or by the network.
	 * @param code the close code (1006 when there was no close frame)
	 * @param reason the reason, possibly empty
	 */
	void closed(int code, String reason);

}
