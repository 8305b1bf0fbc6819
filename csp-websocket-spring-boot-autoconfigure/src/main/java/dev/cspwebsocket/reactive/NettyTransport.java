package dev.cspwebsocket.reactive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.cspwebsocket.SocketLimits;
import dev.cspwebsocket.transport.Transport;
import dev.cspwebsocket.transport.TransportListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * One socket on Reactor Netty's own WebSocket API: every frame the client sends goes to
 * the engine as a part of its message as Netty decodes it, taken from the pipeline ahead
 * of Reactor Netty's bridge, its text checked as UTF-8 as it is decoded; reading is
 * paused by turning the channel's auto-read off (TCP then holds the client back); and the
 * engine's {@link Transport} writes frames to the channel without waiting for them to go
 * while the channel is writable, and waits for it to be writable again, at most the
 * send-time limit, when it is not. Reactor Netty answers pings. The client's close frame
 * is kept from Reactor Netty, which would answer it at once: the engine answers it once
 * the server has answered what came before. The transport is also the channel's handler
 * of the client's protocol errors (Netty's decoder's, and the reserved bits and UTF-8 it
 * checks itself, on every frame, the control frames that Reactor Netty would answer
 * included): it fails the connection with a close frame that it holds as it holds the
 * answer to a client's close, so that the server's answers to the messages before the bad
 * frame go first, within the send-time limit. Once its close frame has gone and the
 * client has answered it, or the bad frame was the client's close, the connection ends;
 * {@link FrameBounds} finds the client's answer where Netty's decoder, which drops
 * everything after a protocol error, cannot.
 * <p>
 * <b>Thread safety.</b> Frames and the close are delivered on the channel's event loop.
 * Sends follow the engine's rule of one thread at a time; a send from the event loop
 * itself never waits, as the event loop cannot wait for itself. Pausing and resuming are
 * safe from any thread.
 *
 * @author csp-websocket-spring-boot
 */
final class NettyTransport extends ChannelInboundHandlerAdapter
		implements Transport, CoreSubscriber<WebSocketFrame>, FrameBounds.Socket {

	/** Where Netty's handshake puts its frame decoder. */
	private static final String FRAME_DECODER = "wsdecoder";

	/** This transport, as the handler that takes the client's protocol errors. */
	private static final String PROTOCOL_ERRORS = "csp.protocolErrors";

	/** The frame bounds ahead of the decoder. */
	private static final String FRAME_BOUNDS = "csp.frameBounds";

	/** The code of a connection that ended without a close frame. */
	private static final int NO_CLOSE_FRAME = 1006;

	/** The code of a close frame without one. */
	private static final int NO_STATUS = 1005;

	/**
	 * This side is closing, or the connection has gone: a client's close needs no answer.
	 */
	private static final Object CLOSING = new Object();

	private final TransportListener socket;

	private final Duration sendTimeLimit;

	private final Channel channel;

	/** Whether the client's message in progress is text; on the event loop only. */
	private boolean receivingText;

	/** The text of a message in several frames; on the event loop only. */
	private @Nullable Utf8Parts textParts;

	/** Whether a message sent in parts is in progress; one sending thread at a time. */
	private volatile boolean sendingParts;

	/** Whether this side's close frame has gone: what the client sends now is dropped. */
	private volatile boolean closeSent;

	/**
	 * Whether this side has failed the connection for a protocol error; on the event loop
	 * only.
	 */
	private boolean failed;

	/** Whether this side's close frame has been written; on the event loop only. */
	private boolean closeWritten;

	/**
	 * Whether the client has sent its close frame while this side closes, or before it
	 * failed the connection; on the event loop only.
	 */
	private boolean clientClosed;

	/**
	 * The close, decided once: the client's close frame, held until the engine closes,
	 * which sends it back as the answer (the server's answers to the messages before it
	 * go first); a {@link Failure}, held in the same way; or {@link #CLOSING}, once this
	 * side closes or the connection is gone.
	 */
	private final AtomicReference<@Nullable Object> closeAnswer = new AtomicReference<>();

	/** Whether the engine has heard of the close; on the event loop only. */
	private boolean closeReported;

	private volatile int closeCode = NO_CLOSE_FRAME;

	private volatile String closeReason = "";

	/** How often the channel has become unwritable; on the event loop only. */
	private int stalls;

	/** Guards nothing: a writer waits on it for the channel to become writable again. */
	private final ReentrantLock writability = new ReentrantLock();

	private final Condition writable = this.writability.newCondition();

	private final ChannelFutureListener writeFailures = this::written;

	private NettyTransport(TransportListener socket, SocketLimits limits, Channel channel) {
		this.socket = socket;
		this.sendTimeLimit = limits.sendTimeLimit();
		this.channel = channel;
	}

	/**
	 * A failed write: the connection has gone, or is broken, and ends; the engine hears
	 * of it as the connection's close.
	 */
	private void written(ChannelFuture written) {
		if (!written.isSuccess()) {
			this.socket.failure("Writing failed", written.cause());
			written.channel().close();
		}
	}

	/**
	 * Open a socket on an upgraded connection: called by Reactor Netty on the channel's
	 * event loop once the handshake's answer has gone.
	 * @return what completes when the connection has closed
	 */
	static Publisher<Void> open(WebsocketInbound in, TransportListener socket, SocketLimits limits,
			int maxFramePayloadLength) {
		Connection[] upgraded = new Connection[1];
		in.withConnection((connection) -> upgraded[0] = connection);
		Connection connection = upgraded[0];
		NettyTransport transport = new NettyTransport(socket, limits, connection.channel());
		// Netty's decoder, told to leave the close on a protocol error to this transport:
		// it then drops what else the client sends, instead of a close that resets the
		// connection under a client still sending, before the client has the close frame.
		WebSocketDecoderConfig decoding = WebSocketDecoderConfig.newBuilder()
			.maxFramePayloadLength(maxFramePayloadLength)
			.allowExtensions(true)
			.closeOnProtocolViolation(false)
			.build();
		ChannelPipeline pipeline = connection.channel().pipeline();
		pipeline.replace(FRAME_DECODER, FRAME_DECODER, new WebSocket13FrameDecoder(decoding));
		pipeline.addBefore(FRAME_DECODER, FRAME_BOUNDS, new FrameBounds(transport));
		pipeline.addBefore(NettyPipeline.ReactiveBridge, PROTOCOL_ERRORS, transport);
		// Reactor Netty keeps the upgrade's request and answer for the socket's life:
		// their headers (cookies, user agent, the security headers of the 101) are of no
		// use now that the answer has gone, and the engine took what it needs before.
		in.headers().clear();
		if (in instanceof HttpServerResponse answer) {
			answer.responseHeaders().clear();
		}
		in.receiveCloseStatus().subscribe(transport::closeStatus);
		connection.onDispose(transport::disposed);
		socket.opened(transport);
		in.receiveFrames().subscribe(transport);
		EarlyFrames.release(connection.channel());
		return connection.onDispose();
	}

	// The client's frames, on the event loop

	@Override
	public void onSubscribe(Subscription subscription) {
		// Delivered as Netty reads them: reading itself is what pauses (auto-read).
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(WebSocketFrame frame) {
		received(frame);
	}

	/**
	 * A frame of the client's message, or a pong; taken straight from the pipeline
	 * ({@link #channelRead}), which spares it Reactor Netty's bridge.
	 */
	private void received(WebSocketFrame frame) {
		if (this.closeCode != NO_CLOSE_FRAME) {
			return;
		}
		if (frame.rsv() != 0) {
			// Compression, the only extension, has taken its bit off by now.
			fail(reservedBits());
			return;
		}
		if (frame instanceof TextWebSocketFrame) {
			this.receivingText = true;
			text(frame);
		}
		else if (frame instanceof BinaryWebSocketFrame) {
			this.receivingText = false;
			this.socket.binary(frame.content().nioBuffer(), frame.isFinalFragment());
		}
		else if (frame instanceof ContinuationWebSocketFrame) {
			if (this.receivingText) {
				text(frame);
			}
			else {
				this.socket.binary(frame.content().nioBuffer(), frame.isFinalFragment());
			}
		}
		else if (frame instanceof PongWebSocketFrame) {
			this.socket.pong();
		}
	}

	private void text(WebSocketFrame frame) {
		boolean last = frame.isFinalFragment();
		ByteBuf content = frame.content();
		try {
			if (last && this.textParts == null) {
				this.socket.text(Utf8Parts.whole(content), true, content.readableBytes());
				return;
			}
			Utf8Parts parts = (this.textParts != null) ? this.textParts : new Utf8Parts();
			this.textParts = last ? null : parts;
			this.socket.text(parts.decode(content, last), last);
		}
		catch (CorruptedWebSocketFrameException notUtf8) {
			fail(notUtf8);
		}
	}

	/**
	 * A frame that breaks the protocol (1002, 1009) or a text that is not UTF-8 (1007),
	 * from Netty's decoder, which then drops what the client sends: kept from Reactor
	 * Netty, which would drop the connection at once, before the client has the close
	 * frame.
	 */
	@Override
	public void exceptionCaught(ChannelHandlerContext context, Throwable failure) {
		if (failure instanceof CorruptedWebSocketFrameException corrupted) {
			fail(corrupted);
			return;
		}
		context.fireExceptionCaught(failure);
	}

	private static CorruptedWebSocketFrameException reservedBits() {
		return new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
				"Reserved bits set without an extension that defines them");
	}

	/**
	 * Fail the connection for a protocol error, unless it is closing already: the close
	 * frame for it is held, and the engine hears of it as of a client's close, so that
	 * the server's answers to the messages before the bad frame go first
	 * ({@link #close}), within the send-time limit. Nothing the client sends reaches the
	 * engine from now on.
	 */
	private void fail(CorruptedWebSocketFrameException error) {
		this.failed = true;
		this.socket.failure("The client broke the WebSocket protocol", error);
		WebSocketCloseStatus status = error.closeStatus();
		String reason = (error.getMessage() != null) ? error.getMessage() : status.reasonText();
		CloseWebSocketFrame frame = new CloseWebSocketFrame(status, reason);
		if (!this.closeAnswer.compareAndSet(null, new Failure(frame))) {
			// Closing already: the close frame on its way, or the answer held, is the
			// close.
			frame.release();
			return;
		}
		this.closeCode = status.code();
		this.closeReason = reason;
		this.socket.closing(this.closeCode, this.closeReason);
	}

	@Override
	public boolean hasFailed() {
		return this.failed;
	}

	/**
	 * The client has sent a close frame while this side closes (after a protocol error,
	 * found by {@link FrameBounds}, or the bad frame itself): the connection ends once
	 * this side's close frame has gone.
	 */
	@Override
	public void clientClosed() {
		this.clientClosed = true;
		if (this.closeWritten) {
			this.channel.close();
		}
	}

	@Override
	public void onError(Throwable failure) {
		this.socket.failure("Reading failed", failure);
	}

	@Override
	public void onComplete() {
	}

	private void closeStatus(WebSocketCloseStatus status) {
		this.closeCode = status.code();
		this.closeReason = status.reasonText();
	}

	private void disposed() {
		wakeWriter();
		Object decided = this.closeAnswer.getAndSet(CLOSING);
		if (decided instanceof CloseWebSocketFrame held) {
			// Never answered: the connection is gone.
			held.release();
		}
		else if (decided instanceof Failure failure) {
			failure.frame().release();
		}
		// The engine hears of the close after the event in progress.
		this.channel.eventLoop().execute(this::reportClosed);
	}

	/** Tell the engine of the close, once; on the event loop. */
	private void reportClosed() {
		if (!this.closeReported) {
			this.closeReported = true;
			this.socket.closed(this.closeCode, this.closeReason);
		}
	}

	// Reading

	@Override
	public boolean pauseReading() {
		this.channel.config().setAutoRead(false);
		return true;
	}

	@Override
	public void resumeReading() {
		this.channel.config().setAutoRead(true);
	}

	// Sending, one thread at a time

	@Override
	public int sendText(String text, boolean last) throws IOException {
		// The JDK encodes a whole text at once, where Netty's encoder into a direct
		// buffer goes a character at a time; the event loop copies it out as it writes.
		byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
		ByteBuf bytes = Unpooled.wrappedBuffer(encoded);
		send(this.sendingParts ? new ContinuationWebSocketFrame(last, 0, bytes)
				: new TextWebSocketFrame(last, 0, bytes));
		this.sendingParts = !last;
		return encoded.length;
	}

	@Override
	public void sendBinary(ByteBuffer data, boolean last) throws IOException {
		ByteBuf bytes = Unpooled.wrappedBuffer(data);
		send(this.sendingParts ? new ContinuationWebSocketFrame(last, 0, bytes)
				: new BinaryWebSocketFrame(last, 0, bytes));
		this.sendingParts = !last;
	}

	@Override
	public void sendPing() throws IOException {
		send(new PingWebSocketFrame());
	}

	/**
	 * Write a frame, not waiting for it to go: the channel's buffer takes it while it is
	 * writable. While it is not (the client takes less than the server writes), wait
	 * until it is, at most the send-time limit. The event loop cannot wait for itself: it
	 * writes on.
	 */
	private void send(WebSocketFrame frame) throws IOException {
		if (!this.channel.isWritable() && !this.channel.eventLoop().inEventLoop()) {
			awaitWritable();
		}
		this.channel.writeAndFlush(frame).addListener(this.writeFailures);
	}

	/**
	 * Wait until the channel can take more, or the connection has gone: a channel that
	 * takes nothing for the send-time limit is ended as a slow consumer by
	 * {@link #endIfStalled}, which tells the engine, once. Past twice the limit, as when
	 * that could not run, the connection is dropped here.
	 */
	private void awaitWritable() throws IOException {
		long deadline = System.nanoTime() + 2 * this.sendTimeLimit.toNanos();
		this.writability.lock();
		try {
			while (!this.channel.isWritable() && this.channel.isActive()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					this.channel.close();
					throw new SocketTimeoutException(
							"The client took nothing for " + this.sendTimeLimit.toMillis() + " ms");
				}
				this.writable.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while sending");
		}
		finally {
			this.writability.unlock();
		}
	}

	/**
	 * A writer waiting for room wakes when there is some; when there is none, the client
	 * is given the send-time limit to take something, as no send waits for it.
	 */
	@Override
	public void channelWritabilityChanged(ChannelHandlerContext context) {
		if (this.channel.isWritable()) {
			wakeWriter();
		}
		else {
			int stall = ++this.stalls;
			this.channel.eventLoop()
				.schedule(() -> endIfStalled(stall), this.sendTimeLimit.toNanos(), TimeUnit.NANOSECONDS);
		}
		context.fireChannelWritabilityChanged();
	}

	/**
	 * The send-time limit has passed since the channel could take no more: if it has not
	 * taken enough since to be writable, the client is a slow consumer, and goes.
	 */
	private void endIfStalled(int stall) {
		if (stall == this.stalls && !this.channel.isWritable() && this.channel.isActive()) {
			this.socket.stalled();
			this.channel.close();
		}
	}

	private void wakeWriter() {
		this.writability.lock();
		try {
			this.writable.signalAll();
		}
		finally {
			this.writability.unlock();
		}
	}

	@Override
	public boolean takesSendsNow() {
		return this.channel.isWritable();
	}

	private static CompletableFuture<Void> toFuture(ChannelFuture written) {
		CompletableFuture<Void> sent = new CompletableFuture<>();
		written.addListener((future) -> {
			if (future.isSuccess()) {
				sent.complete(null);
			}
			else {
				sent.completeExceptionally(future.cause());
			}
		});
		return sent;
	}

	@Override
	public boolean holdsCloseAnswer() {
		return true;
	}

	@Override
	public void close(int code, String reason) {
		Object decided = this.closeAnswer.getAndSet(CLOSING);
		if (decided instanceof CloseWebSocketFrame held) {
			answer(held);
			return;
		}
		ChannelFuture written;
		if (decided instanceof Failure failure) {
			// The server is done with the messages before the bad frame: the connection
			// fails now, with the close of the protocol error.
			written = sendCloseFrame(failure.frame());
		}
		else if (decided != null || this.closeCode != NO_CLOSE_FRAME) {
			// Closed already: nothing more goes.
			return;
		}
		else {
			closeStatus(new WebSocketCloseStatus(code, reason));
			written = sendCloseFrame(new CloseWebSocketFrame(code, reason));
		}
		if (!this.channel.eventLoop().inEventLoop()) {
			try {
				await(toFuture(written));
			}
			catch (IOException ex) {
				this.socket.failure("Closing failed", ex);
			}
		}
	}

	/**
	 * Send a close frame, then read on and drop what the client still sends until its
	 * close frame or the end of the connection, at most the send-time limit; when the
	 * client has closed already, end the connection once the frame has gone. Closing at
	 * once (as Reactor Netty's own close does) would reset a connection with unread
	 * bytes, and a client still sending would lose the close frame.
	 */
	private ChannelFuture sendCloseFrame(CloseWebSocketFrame frame) {
		this.closeSent = true;
		ChannelFuture written = this.channel.writeAndFlush(frame);
		// Closed for the engine once the frame has gone, as when the connection ended
		// with it: the rest only keeps the client's bytes from turning it into a reset.
		written.addListener((future) -> {
			this.closeWritten = true;
			reportClosed();
			if (this.clientClosed) {
				this.channel.close();
			}
		});
		this.channel.config().setAutoRead(true);
		this.channel.eventLoop()
			.schedule(() -> this.channel.close(), this.sendTimeLimit.toNanos(), TimeUnit.NANOSECONDS);
		return written;
	}

	/**
	 * The client's close frame: sent back as the answer, then the connection ends, as
	 * Reactor Netty would at once.
	 */
	private void answer(CloseWebSocketFrame clientClose) {
		this.closeSent = true;
		ChannelFuture written = this.channel.writeAndFlush(clientClose);
		written.addListener((future) -> {
			reportClosed();
			this.channel.close();
		});
		if (!this.channel.eventLoop().inEventLoop()) {
			try {
				await(toFuture(written));
			}
			catch (IOException ex) {
				this.socket.failure("Answering the close failed", ex);
			}
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext context, Object message) {
		if ((this.closeSent || this.closeAnswer.get() != null) && message instanceof WebSocketFrame frame) {
			boolean closing = frame instanceof CloseWebSocketFrame;
			frame.release();
			if (closing) {
				// The client's answer, or its close before it had this side's: the
				// closing handshake is done once this side's close frame has gone.
				clientClosed();
			}
			return;
		}
		if (message instanceof WebSocketFrame frame && frame.rsv() != 0) {
			// Compression, the only extension, has taken its bit off a data frame by
			// now, and sets none on control frames, which Reactor Netty would answer
			// with the bits echoed.
			boolean closing = frame instanceof CloseWebSocketFrame;
			frame.release();
			fail(reservedBits());
			if (closing) {
				clientClosed();
			}
			return;
		}
		if (message instanceof WebSocketFrame frame && !(message instanceof CloseWebSocketFrame)
				&& !(message instanceof PingWebSocketFrame)) {
			try {
				received(frame);
			}
			finally {
				frame.release();
			}
			return;
		}
		if (message instanceof CloseWebSocketFrame clientClose) {
			// Kept from Reactor Netty, which would answer at once: the engine answers
			// once the server has answered what came before. When this side has just
			// closed, the client's close is the answer to it.
			if (!hasUtf8Reason(clientClose)) {
				clientClose.release();
				fail(new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
						"The reason of a close frame is not UTF-8"));
				clientClosed();
				return;
			}
			if (this.closeAnswer.compareAndSet(null, clientClose)) {
				int code = clientClose.statusCode();
				this.closeCode = (code != -1) ? code : NO_STATUS;
				this.closeReason = clientClose.reasonText();
				this.socket.closing(this.closeCode, this.closeReason);
			}
			else {
				clientClose.release();
			}
			return;
		}
		context.fireChannelRead(message);
	}

	/**
	 * Whether a close frame's reason is UTF-8 to its end: Netty's decoder lets through
	 * one that ends part-way through a character.
	 */
	private static boolean hasUtf8Reason(CloseWebSocketFrame close) {
		ByteBuf content = close.content();
		if (content.readableBytes() <= 2) {
			return true;
		}
		try {
			Utf8Parts.whole(content.slice(content.readerIndex() + 2, content.readableBytes() - 2));
			return true;
		}
		catch (CorruptedWebSocketFrameException notUtf8) {
			return false;
		}
	}

	/**
	 * Wait for a frame to go at most the send-time limit; past it, the client has taken
	 * nothing for that long, and the connection is dropped, as Tomcat drops it.
	 */
	private void await(CompletableFuture<Void> sent) throws IOException {
		try {
			sent.get(this.sendTimeLimit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			this.channel.close();
			throw new SocketTimeoutException("The client took nothing for " + this.sendTimeLimit.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = Objects.requireNonNull(ex.getCause(), "A future fails with a cause");
			throw new IOException(cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while sending");
		}
	}

	/**
	 * The close frame of a protocol error, held until the server is done with the
	 * messages before the bad frame.
	 */
	private record Failure(CloseWebSocketFrame frame) {
	}

}
