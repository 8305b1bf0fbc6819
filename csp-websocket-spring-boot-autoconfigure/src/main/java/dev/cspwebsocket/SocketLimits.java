package dev.cspwebsocket;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Per-socket sizes and limits. Immutable.
 *
 * @param maxTextMessageSize the largest text message accepted, in UTF-8 bytes; a larger
 * one closes the socket with 1009
 * @param maxBinaryMessageSize the largest binary message accepted, in bytes; a larger one
 * closes the socket with 1009
 * @param messageBufferSize the size of Tomcat's message buffers for each socket: client
 * messages reach the engine in parts of at most this size (on Jetty, in parts as Jetty
 * reads them)
 * @param inboundBufferSize how many bytes of client messages a dedicated socket holds for
 * {@code read()} before reading from the client pauses (or, where the container cannot
 * pause, the socket is closed with 1008)
 * @param sendBufferSize how many bytes (characters of text) of accepted messages may wait
 * to be sent; a write waits while the buffer is full
 * @param sendTimeLimit how long the client may take nothing of what is sent before the
 * socket is closed with 1008 as a slow consumer
 * @param maxQueuedMessages how many client messages a shared socket holds unread before
 * it is closed with 1008
 * @param maxQueuedBytes how many bytes of client messages a shared socket holds unread
 * before it is closed with 1008
 * @param idleTimeout how long a shared socket may see no traffic either way before it is
 * ended with 1001
 * @param resumeGrace how long a resumable socket whose connection dropped stays away,
 * waiting for its client to resume it, before it ends
 * @param resumeBufferSize how many bytes (characters of text) of messages a resumable
 * socket keeps until its client acknowledges them, also while away, before it is closed
 * as a slow consumer
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public record SocketLimits(long maxTextMessageSize, long maxBinaryMessageSize, int messageBufferSize,
		long inboundBufferSize, long sendBufferSize, Duration sendTimeLimit, int maxQueuedMessages, long maxQueuedBytes,
		Duration idleTimeout, Duration resumeGrace, long resumeBufferSize) {

	/**
	 * The defaults: 1 MB messages, 1 KB container buffers, 64 KB inbound buffer, 512 KB
	 * send buffer, 10 s send-time limit, 1,000 messages or 1 MB queued on a shared
	 * socket, 30 minutes idle timeout, 30 s resume grace and a 1 MB resume buffer.
	 */
	public static final SocketLimits DEFAULTS = new SocketLimits(1024 * 1024, 1024 * 1024, 1024, 64 * 1024, 512 * 1024,
			Duration.ofSeconds(10), 1000, 1024 * 1024, Duration.ofMinutes(30), Duration.ofSeconds(30), 1024 * 1024);

	public SocketLimits {
		Assert.isTrue(maxTextMessageSize > 0, "maxTextMessageSize must be positive");
		Assert.isTrue(maxBinaryMessageSize > 0, "maxBinaryMessageSize must be positive");
		Assert.isTrue(messageBufferSize >= 16, "messageBufferSize must be at least 16 bytes");
		Assert.isTrue(inboundBufferSize > 0, "inboundBufferSize must be positive");
		Assert.isTrue(sendBufferSize > 0, "sendBufferSize must be positive");
		Assert.isTrue(sendTimeLimit.toMillis() > 0, "sendTimeLimit must be at least 1 ms");
		Assert.isTrue(maxQueuedMessages > 0, "maxQueuedMessages must be positive");
		Assert.isTrue(maxQueuedBytes > 0, "maxQueuedBytes must be positive");
		Assert.isTrue(idleTimeout.toMillis() > 0, "idleTimeout must be at least 1 ms");
		Assert.isTrue(resumeGrace.toMillis() > 0, "resumeGrace must be at least 1 ms");
		Assert.isTrue(resumeBufferSize > 0, "resumeBufferSize must be positive");
	}

}
