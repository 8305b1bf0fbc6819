package dev.cspwebsocket;

import org.springframework.util.Assert;

/**
 * Per-socket sizes and limits. Immutable.
 *
 * @param maxTextMessageSize the largest text message accepted, in UTF-8 bytes; a larger
 * one closes the socket with 1009
 * @param maxBinaryMessageSize the largest binary message accepted, in bytes; a larger one
 * closes the socket with 1009
 * @param messageBufferSize the size of the container's message buffers for each socket:
 * client messages arrive in parts of at most this size
 * @param inboundBufferSize how many bytes of client messages are held for {@code read()}
 * before reading from the client pauses (or, where the container cannot pause, the socket
 * is closed with 1008)
 * @author csp-websocket-spring-boot
 */
public record SocketLimits(long maxTextMessageSize, long maxBinaryMessageSize, int messageBufferSize,
		long inboundBufferSize) {

	/** The defaults: 1 MB messages, 1 KB container buffers, 64 KB inbound buffer. */
	public static final SocketLimits DEFAULTS = new SocketLimits(1024 * 1024, 1024 * 1024, 1024, 64 * 1024);

	public SocketLimits {
		Assert.isTrue(maxTextMessageSize > 0, "maxTextMessageSize must be positive");
		Assert.isTrue(maxBinaryMessageSize > 0, "maxBinaryMessageSize must be positive");
		Assert.isTrue(messageBufferSize >= 16, "messageBufferSize must be at least 16 bytes");
		Assert.isTrue(inboundBufferSize > 0, "inboundBufferSize must be positive");
	}

}
