package dev.cspwebsocket.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.cspwebsocket.CspClass;
import dev.cspwebsocket.CspWebSocket;
import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.CspWebSocketsListener;
import dev.cspwebsocket.ReadResult;
import dev.cspwebsocket.WebSocketIds;
import dev.cspwebsocket.WebSocketInfo;
import dev.cspwebsocket.test.TestClient;
import dev.cspwebsocket.testapp.CspServerTest;
import dev.cspwebsocket.testapp.ServerIntegrationTests;
import dev.cspwebsocket.testapp.TestApplication;
import io.micrometer.common.KeyValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Traces and log context with a real tracer (Brave, through Micrometer Tracing): a span
 * for each handshake, the socket's opening and close as its children, and the handshake's
 * trace, the MDC and the socket's ids on the threads of the socket's server.
 *
 * @author csp-websocket-spring-boot
 */
@AutoConfigureTracing
@CspServerTest(classes = { TestApplication.class, TracingIntegrationTests.Tracing.class },
		properties = "management.tracing.sampling.probability=1.0")
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTests extends ServerIntegrationTests {

	@Autowired
	Spans spans;

	@Autowired
	Seen seen;

	@Test
	void aDedicatedServerRunsInItsHandshakesTraceWithTheSocketsIdsAndTheMdcOfOnPreServer(CapturedOutput output) {
		TestClient client = this.server.connect("/csp/user/Test.Traced.cls?tag=dedicated");
		Context inServer = Context.parse(client.nextText());
		MutableSpan handshake = this.spans.awaitHandshake(inServer.traceId());
		assertThat(inServer.traceId()).isEqualTo(handshake.traceId());
		assertThat(inServer.spanId()).as("the handshake's span is current").isEqualTo(handshake.id());
		assertThat(inServer.webSocketId()).isEqualTo(WebSocketIds.shown(this.seen.ids.get("dedicated")));
		assertThat(inServer.serverClass()).isEqualTo("Test.Traced");
		assertThat(inServer.tenant()).as("put in the MDC by onPreServer()").isEqualTo("dedicated");
		assertThat(handshake.tags()).containsEntry("outcome", "accepted")
			.containsEntry("reason", "none")
			.containsEntry("server", "Test.Traced")
			.containsEntry("application", "user")
			.as("the application's convention bean names the keys")
			.containsEntry("convention", "the application's");
		assertThat(handshake.parentId()).as("a span of the HTTP request").isNotNull();
		MutableSpan opened = this.spans.awaitOne("websocket opened", inServer.webSocketId());
		assertThat(opened.parentId()).isEqualTo(handshake.id());
		assertThat(opened.traceId()).isEqualTo(handshake.traceId());
		assertThat(opened.tags()).containsEntry("mode", "dedicated").containsEntry("event", "opened");

		client.send("again");
		assertThat(Context.parse(client.nextText())).isEqualTo(inServer);
		client.close(1000, "done");
		MutableSpan closed = this.spans.awaitOne("websocket closed", inServer.webSocketId());
		assertThat(closed.parentId()).isEqualTo(handshake.id());
		assertThat(closed.tags()).containsEntry("close.code", "1000")
			.containsEntry("reason", "normal")
			.containsEntry("event", "closed");
		assertThat(this.seen.awaitPostServer("dedicated")).isEqualTo(inServer);
		await().atMost(TestClient.DEADLINE)
			.untilAsserted(() -> assertThat(this.spans.ancestors(handshake))
				.as("the spans above the handshake's: the HTTP request's, with Spring Security's between")
				.last()
				.satisfies((root) -> assertThat(root.name()).startsWith("http get")));
		assertThat(this.seen.listenerHeard.get(inServer.webSocketId())).as("a listener told of the opening")
			.isEqualTo(inServer);
		assertThat(output.getAll().lines().filter((line) -> line.contains("Traced server() of dedicated says hello")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.as("Boot's log pattern shows the trace id")
			.contains(handshake.traceId());
	}

	@Test
	void aSharedServersCallbacksRunInItsHandshakesTraceWithTheMdcOfOnPreServer() {
		TestClient client = this.server.connect("/csp/user/Test.Traced.cls?tag=shared&shared");
		Context inServer = Context.parse(client.nextText());
		MutableSpan handshake = this.spans.awaitHandshake(inServer.traceId());
		assertThat(inServer.traceId()).isEqualTo(handshake.traceId());
		assertThat(inServer.tenant()).isEqualTo("shared");
		for (int i = 0; i < 20; i++) {
			client.send("message " + i);
			assertThat(Context.parse(client.nextText())).as("onClientMessage() of message %d", i).isEqualTo(inServer);
		}
		this.sockets.openServer(this.seen.ids.get("shared")).endServer();
		assertThat(client.awaitClose().code()).isEqualTo(1000);
		assertThat(this.seen.awaitPostServer("shared")).isEqualTo(inServer);
		assertThat(this.spans.awaitOne("websocket opened", inServer.webSocketId()).tags()).containsEntry("mode",
				"shared");
	}

	@Test
	void aRefusedHandshakeIsObservedWithItsReason() {
		assertThatExceptionOfType(CompletionException.class).isThrownBy(
				() -> this.server.connectAsync("/csp/user/Test.Traced.cls?tag=refused", Map.of(), "nonsense").join());
		MutableSpan handshake = await()
			.until(() -> this.spans.named("websocket handshake Test.Traced")
				.stream()
				.filter((span) -> "refused".equals(span.tag("outcome")))
				.toList(), (found) -> found.size() == 1)
			.get(0);
		assertThat(handshake.tags()).containsEntry("reason", "subprotocol");
		assertThat(this.spans.ended).noneMatch((span) -> span.parentId() != null
				&& span.parentId().equals(handshake.id()) && "websocket opened".equals(span.name()));
	}

	/** What the MDC held on a thread of the server. */
	record Context(String traceId, String spanId, String webSocketId, String serverClass, String tenant) {

		static Context current() {
			return new Context(MDC.get("traceId"), MDC.get("spanId"), MDC.get("csp.webSocketId"),
					MDC.get("csp.serverClass"), MDC.get("tenant"));
		}

		static Context parse(String text) {
			String[] parts = text.split(" ");
			return new Context(parts[0], parts[1], parts[2], parts[3], parts[4]);
		}

		String text() {
			return this.traceId + " " + this.spanId + " " + this.webSocketId + " " + this.serverClass + " "
					+ this.tenant;
		}

	}

	/**
	 * Answers each message with the MDC of the thread it runs on: dedicated, in
	 * {@code server()}; shared ({@code shared} in the query), in
	 * {@code onClientMessage()}.
	 */
	@Component
	@CspClass("Test.Traced")
	static class TracedServer extends CspWebSocket {

		private static final Log logger = LogFactory.getLog(TracedServer.class);

		private final Seen seen;

		private String tag = "";

		TracedServer(Seen seen) {
			this.seen = seen;
		}

		@Override
		protected void onPreServer() {
			this.tag = String.valueOf(handshake().queryParameter("tag"));
			this.seen.ids.put(this.tag, webSocketId());
			MDC.put("tenant", this.tag);
			setSharedConnection(handshake().queryParameter("shared") != null);
		}

		@Override
		protected void server() throws Exception {
			logger.info("Traced server() of " + this.tag + " says hello");
			write(Context.current().text());
			while (!isSharedConnection()) {
				if (read(100, Duration.ofSeconds(20)) instanceof ReadResult.Closed) {
					return;
				}
				write(Context.current().text());
			}
		}

		@Override
		protected boolean onClientMessage(ReadResult.Message message) throws Exception {
			write(Context.current().text());
			return true;
		}

		@Override
		protected void onPostServer() {
			this.seen.postServer.put(this.tag, Context.current());
		}

	}

	/** What the servers saw after their sockets ended. */
	static class Seen {

		final Map<String, String> ids = new ConcurrentHashMap<>();

		final Map<String, Context> postServer = new ConcurrentHashMap<>();

		/** What a listener's {@code socketOpened()} saw, by short id. */
		final Map<String, Context> listenerHeard = new ConcurrentHashMap<>();

		Context awaitPostServer(String tag) {
			return await().until(() -> this.postServer.get(tag), (context) -> context != null);
		}

	}

	/** Every span the tracer ends. */
	static class Spans extends SpanHandler {

		final List<MutableSpan> ended = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.ended.add(span);
			return true;
		}

		List<MutableSpan> named(String name) {
			return this.ended.stream().filter((span) -> name.equals(span.name())).toList();
		}

		/** The one span of that name of socket {@code webSocketId}. */
		MutableSpan awaitOne(String name, String webSocketId) {
			return await().until(
					() -> named(name).stream().filter((span) -> webSocketId.equals(span.tag("websocket.id"))).toList(),
					(found) -> found.size() == 1)
				.get(0);
		}

		/**
		 * The ended spans above {@code span}, its parent first, as far up as they have
		 * ended.
		 */
		List<MutableSpan> ancestors(MutableSpan span) {
			List<MutableSpan> ancestors = new ArrayList<>();
			String parentId = span.parentId();
			while (parentId != null) {
				String id = parentId;
				MutableSpan parent = this.ended.stream()
					.filter((candidate) -> id.equals(candidate.id()) && span.traceId().equals(candidate.traceId()))
					.findFirst()
					.orElse(null);
				if (parent == null) {
					break;
				}
				ancestors.add(parent);
				parentId = parent.parentId();
			}
			return ancestors;
		}

		/** The one handshake span of trace {@code traceId}. */
		MutableSpan awaitHandshake(String traceId) {
			return await()
				.until(() -> named("websocket handshake Test.Traced").stream()
					.filter((span) -> traceId.equals(span.traceId()))
					.toList(), (found) -> found.size() == 1)
				.get(0);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(TracedServer.class)
	static class Tracing {

		@Bean
		Spans spans() {
			return new Spans();
		}

		@Bean
		Seen seen(CspWebSockets sockets) {
			Seen seen = new Seen();
			sockets.addListener(new CspWebSocketsListener() {

				@Override
				public void socketOpened(WebSocketInfo socket) {
					if (socket.serverClass().equals("Test.Traced")) {
						seen.listenerHeard.put(WebSocketIds.shown(socket.webSocketId()), Context.current());
					}
				}

			});
			return seen;
		}

		/**
		 * The application's own convention, which Boot's users replace the default with.
		 */
		@Bean
		HandshakeObservationConvention taggingHandshakeConvention() {
			return new TaggingConvention();
		}

	}

	static class TaggingConvention extends DefaultHandshakeObservationConvention {

		@Override
		public KeyValues getHighCardinalityKeyValues(HandshakeObservationContext context) {
			return KeyValues.of("convention", "the application's");
		}

	}

}
