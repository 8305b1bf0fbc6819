package dev.cspwebsocket.reactive;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The bytes from the client, ahead of Netty's frame decoder, handed to it a frame at a
 * time, so that a frame the socket's {@link NettyTransport} fails the connection for is
 * known by where it ends. Netty's decoder drops everything after a protocol error, the
 * client's answer to the failing close included; from the failure on, the frames go no
 * further, and this reads only their headers: once the bad frame and what follows are
 * past, a close frame among them (the bad frame itself, when it was one) is the client's
 * close, and the transport ends the connection once its own close has gone. Reads nothing
 * but the lengths and opcodes of the headers: a frame's validity is the decoder's. On the
 * channel's event loop only.
 *
 * @author csp-websocket-spring-boot
 */
final class FrameBounds extends ChannelInboundHandlerAdapter {

	private static final int CLOSE = 0x8;

	private final Socket transport;

	/** How much of the frame's header has been read, and how long it is. */
	private int headerRead;

	private int headerSize = 2;

	/** The bytes of the extended payload length, 0, 2 or 8. */
	private int lengthBytes;

	private int opcode;

	/** The payload still to come, once the header is read. */
	private long payloadLeft;

	/** Whether the transport has failed the connection: frames go no further. */
	private boolean failed;

	FrameBounds(Socket transport) {
		this.transport = transport;
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if (!(message instanceof ByteBuf bytes)) {
			context.fireChannelRead(message);
			return;
		}
		try {
			int index = bytes.readerIndex();
			int end = bytes.writerIndex();
			while (index < end) {
				this.failed |= this.transport.hasFailed();
				int start = index;
				index = frameEnd(bytes, index, end);
				boolean ended = this.headerRead == 0;
				if (!this.failed) {
					context.fireChannelRead(bytes.retainedSlice(start, index - start));
					this.failed = this.transport.hasFailed();
				}
				if (this.failed && ended && this.opcode == CLOSE) {
					this.transport.clientClosed();
				}
			}
		}
		finally {
			bytes.release();
		}
	}

	/**
	 * Read on from {@code index}, to the end of the frame in progress.
	 * @return the index after the frame's end, or {@code end} when the frame goes on past
	 * it
	 */
	private int frameEnd(ByteBuf bytes, int index, int end) {
		while (index < end) {
			if (this.headerRead < this.headerSize) {
				header(bytes.getUnsignedByte(index++));
				if (this.headerRead == this.headerSize && this.payloadLeft == 0) {
					this.headerRead = 0;
					this.headerSize = 2;
					return index;
				}
			}
			else {
				int step = (int) Math.min(this.payloadLeft, end - index);
				index += step;
				this.payloadLeft -= step;
				if (this.payloadLeft == 0) {
					this.headerRead = 0;
					this.headerSize = 2;
					return index;
				}
			}
		}
		return end;
	}

	private void header(int value) {
		int at = this.headerRead++;
		if (at == 0) {
			this.opcode = value & 0x0F;
			this.payloadLeft = 0;
		}
		else if (at == 1) {
			int length = value & 0x7F;
			this.lengthBytes = (length == 126) ? 2 : (length == 127) ? 8 : 0;
			this.payloadLeft = (this.lengthBytes == 0) ? length : 0;
			this.headerSize = 2 + this.lengthBytes + (((value & 0x80) != 0) ? 4 : 0);
		}
		else if (at < 2 + this.lengthBytes) {
			this.payloadLeft = (this.payloadLeft << 8) | value;
		}
		if (this.headerRead == this.headerSize && this.payloadLeft < 0) {
			// A length with its top bit set, which never ends.
			this.payloadLeft = Long.MAX_VALUE;
		}
	}

	/** The socket's transport, as this tells and asks it. */
	interface Socket {

		/**
		 * Whether the transport has failed the connection for a protocol error, in the
		 * frame just handed on or before.
		 * @return whether it has
		 */
		boolean hasFailed();

		/** The client has sent a close frame, once the transport has failed. */
		void clientClosed();

	}

}
