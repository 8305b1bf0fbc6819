package dev.cspwebsocket.reactive;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * Holds the client's first frames between the handshake and the socket's
 * {@link NettyTransport}: Reactor Netty reads once right after the handshake, and would
 * answer a close frame in that read itself, before the server has seen the messages ahead
 * of it. Reading is off until the transport is in place; then the bytes held go on to it,
 * in order. They are held as bytes, ahead of the HTTP codec and so of the frame decoder
 * that the handshake puts before it: the transport's decoder and {@link FrameBounds}
 * decode them, and a protocol error in them is the transport's, not Reactor Netty's,
 * which would end the connection at once. On the channel's event loop only.
 *
 * @author csp-websocket-spring-boot
 */
final class EarlyFrames extends ChannelInboundHandlerAdapter {

	private static final String NAME = "csp.earlyFrames";

	private @Nullable List<Object> held = new ArrayList<>();

	/** Hold what the client sends from now on, until {@link #release}. */
	static void hold(Channel channel) {
		channel.config().setAutoRead(false);
		ChannelPipeline pipeline = channel.pipeline();
		String before = (pipeline.get(NettyPipeline.HttpCodec) != null) ? NettyPipeline.HttpCodec
				: NettyPipeline.ReactiveBridge;
		pipeline.addBefore(before, NAME, new EarlyFrames());
	}

	/**
	 * Read on, and pass the bytes held on to the handlers after this one, which may pause
	 * reading again; nothing once released.
	 */
	static void release(Channel channel) {
		if (channel.pipeline().get(NAME) instanceof EarlyFrames early) {
			channel.config().setAutoRead(true);
			early.passOn(channel.pipeline().context(NAME));
			channel.pipeline().remove(NAME);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		List<Object> held = this.held;
		if (held != null) {
			held.add(message);
		}
		else {
			context.fireChannelRead(message);
		}
	}

	private void passOn(ChannelHandlerContext context) {
		List<Object> held = this.held;
		this.held = null;
		if (held != null) {
			held.forEach(context::fireChannelRead);
		}
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext context) {
		// Removed without a release, as the connection ended: the bytes go nowhere.
		List<Object> held = this.held;
		this.held = null;
		if (held != null) {
			held.forEach(ReferenceCountUtil::release);
		}
	}

}
