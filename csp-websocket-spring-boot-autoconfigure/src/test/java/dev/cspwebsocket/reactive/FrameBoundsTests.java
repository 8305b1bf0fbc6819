package dev.cspwebsocket.reactive;

import java.util.ArrayList;
import java.util.List;

import dev.cspwebsocket.test.RawWebSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static dev.cspwebsocket.test.RawWebSocket.CLOSE;
import static dev.cspwebsocket.test.RawWebSocket.FIN;
import static dev.cspwebsocket.test.RawWebSocket.PING;
import static dev.cspwebsocket.test.RawWebSocket.TEXT;
import static dev.cspwebsocket.test.RawWebSocket.concat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FrameBounds}: the decoder gets a frame at a time, and once the transport has
 * failed, nothing more, while a close frame behind the bad one, or the bad one itself, is
 * found.
 *
 * @author csp-websocket-spring-boot
 */
class FrameBoundsTests {

	private final Decoder decoder = new Decoder();

	private final EmbeddedChannel channel = new EmbeddedChannel(new FrameBounds(this.decoder), this.decoder);

	@Test
	void theDecoderGetsOneFrameAtATimeEvenAcrossReads() {
		byte[] first = RawWebSocket.frame(FIN | TEXT, true, new byte[3]);
		byte[] second = RawWebSocket.frame(FIN | TEXT, true, new byte[300]);
		byte[] third = RawWebSocket.frame(FIN | TEXT, false, new byte[70_000]);
		byte[] bytes = concat(first, second, third);
		int split = first.length + second.length + 5;
		read(bytes, 0, split);
		read(bytes, split, bytes.length);
		assertThat(this.decoder.chunks).containsExactly(first.length, second.length, 5, third.length - 5);
	}

	@Test
	void afterAFailureACloseBehindTheBadFrameIsTheClientsAnswer() {
		this.decoder.failOnChunk = 1;
		byte[] bytes = concat(RawWebSocket.frame(FIN | TEXT, true, new byte[1]),
				RawWebSocket.frame(FIN | 0x3, true, new byte[200]), RawWebSocket.frame(FIN | TEXT, true, new byte[1]),
				RawWebSocket.frame(FIN | CLOSE, true, new byte[] { 0x03, (byte) 0xE8 }));
		read(bytes, 0, bytes.length - 3);
		assertThat(this.decoder.closes).isZero();
		read(bytes, bytes.length - 3, bytes.length);
		assertThat(this.decoder.chunks).hasSize(2);
		assertThat(this.decoder.closes).isOne();
	}

	@Test
	void aBadCloseFrameIsTheClientsClose() {
		this.decoder.failOnChunk = 0;
		read(RawWebSocket.frame(FIN | CLOSE, true, new byte[] { 0x03 }));
		assertThat(this.decoder.closes).isOne();
	}

	@Test
	void noCloseIsFoundWhereThereIsNone() {
		this.decoder.failOnChunk = 0;
		read(concat(RawWebSocket.frame(PING, true, new byte[4]), RawWebSocket.frame(FIN | TEXT, true, new byte[8])));
		assertThat(this.decoder.closes).isZero();
		assertThat(this.decoder.chunks).hasSize(1);
	}

	private void read(byte[] bytes) {
		read(bytes, 0, bytes.length);
	}

	private void read(byte[] bytes, int from, int to) {
		ByteBuf buffer = Unpooled.copiedBuffer(bytes, from, to - from);
		this.channel.writeInbound(buffer);
		assertThat(buffer.refCnt()).as("the buffer's references once read").isZero();
	}

	/** Netty's decoder and the transport, as {@link FrameBounds} sees them. */
	static final class Decoder extends ChannelInboundHandlerAdapter implements FrameBounds.Socket {

		final List<Integer> chunks = new ArrayList<>();

		int failOnChunk = -1;

		int closes;

		private boolean failed;

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			ByteBuf chunk = (ByteBuf) message;
			this.failed |= this.chunks.size() == this.failOnChunk;
			this.chunks.add(chunk.readableBytes());
			chunk.release();
		}

		@Override
		public boolean hasFailed() {
			return this.failed;
		}

		@Override
		public void clientClosed() {
			this.closes++;
		}

	}

}
