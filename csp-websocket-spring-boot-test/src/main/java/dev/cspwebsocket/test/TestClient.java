package dev.cspwebsocket.test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real RFC 6455 client (the JDK's {@link WebSocket}) that collects whole messages and
 * the close, and waits for them with a deadline.
 *
 * @author csp-websocket-spring-boot
 * @since 0.1.0
 */
public final class TestClient implements WebSocket.Listener {

	/** How long any wait for the server lasts before the test fails. */
	public static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

	private final CompletableFuture<Close> close = new CompletableFuture<>();

	private final StringBuilder text = new StringBuilder();

	private final AtomicInteger pings = new AtomicInteger();

	private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

	private WebSocket webSocket;

	private TestClient() {
	}

	/**
	 * Connect, offering the given subprotocols.
	 * @param uri the server URI
	 * @param subprotocols the subprotocols to offer
	 * @return a future client
	 */
	public static CompletableFuture<TestClient> connectAsync(URI uri, String... subprotocols) {
		return connectAsync(uri, Map.of(), subprotocols);
	}

	/**
	 * Connect with extra handshake headers, offering the given subprotocols.
	 * @param uri the server URI
	 * @param headers the extra headers
	 * @param subprotocols the subprotocols to offer
	 * @return a future client
	 */
	public static CompletableFuture<TestClient> connectAsync(URI uri, Map<String, String> headers,
			String... subprotocols) {
		TestClient client = new TestClient();
		WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(DEADLINE);
		headers.forEach(builder::header);
		if (subprotocols.length > 0) {
			builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
		}
		return builder.buildAsync(uri, client).thenApply((webSocket) -> {
			client.webSocket = webSocket;
			return client;
		});
	}

	public static TestClient connect(URI uri, String... subprotocols) {
		return connect(uri, Map.of(), subprotocols);
	}

	public static TestClient connect(URI uri, Map<String, String> headers, String... subprotocols) {
		return connectAsync(uri, headers, subprotocols).orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
	}

	public String subprotocol() {
		return this.webSocket.getSubprotocol();
	}

	public void send(String message) {
		this.webSocket.sendText(message, true).orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
	}

	public void send(byte[] message) {
		this.webSocket.sendBinary(ByteBuffer.wrap(message), true)
			.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS)
			.join();
	}

	/** Send a text message as several frames. */
	public void sendInFrames(String... frames) {
		for (int i = 0; i < frames.length; i++) {
			sendFrame(frames[i], i == frames.length - 1);
		}
	}

	/** Send one frame of a text message; the last one ends the message. */
	public void sendFrame(String text, boolean last) {
		this.webSocket.sendText(text, last).orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
	}

	public void close(int code, String reason) {
		this.webSocket.sendClose(code, reason).orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
	}

	/** Drop the TCP connection without a close frame. */
	public void abort() {
		this.webSocket.abort();
	}

	/** The next whole message: a {@code String} or a {@code byte[]}. */
	public Object nextMessage() {
		try {
			Object message = this.messages.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(message).as("a message from the server within %s", DEADLINE).isNotNull();
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String nextText() {
		return (String) nextMessage();
	}

	/**
	 * The next text message that is not a server push starting with {@code pushPrefix}.
	 */
	public String nextTextSkipping(String pushPrefix) {
		return nextTextSkipping((text) -> text.startsWith(pushPrefix));
	}

	/** The next text message that is not {@code skipped}. */
	public String nextTextSkipping(Predicate<String> skipped) {
		String text;
		do {
			text = nextText();
		}
		while (skipped.test(text));
		return text;
	}

	/** The close the server sent, waiting for it. */
	public Close awaitClose() {
		return this.close.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
	}

	public boolean isClosed() {
		return this.close.isDone();
	}

	/** How many pings the server sent; the JDK client answers each with a pong. */
	public int pings() {
		return this.pings.get();
	}

	@Override
	public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
		this.pings.incrementAndGet();
		webSocket.request(1);
		return null;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.text.append(data);
		if (last) {
			this.messages.add(this.text.toString());
			this.text.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.binary.writeBytes(bytes);
		if (last) {
			this.messages.add(this.binary.toByteArray());
			this.binary.reset();
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.close.complete(new Close(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.close.complete(new Close(1006, String.valueOf(error)));
	}

	/**
	 * A close the client received.
	 *
	 * @param code the close code
	 * @param reason the close reason
	 */
	public record Close(int code, String reason) {
	}

}
