package dev.cspwebsocket.benchmarks.driver;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Hands each whole text message to a consumer: the JDK client may deliver one message in
 * parts, split wherever a network read ended. Called by the JDK client's threads one
 * event at a time.
 *
 * @author csp-websocket-spring-boot
 */
final class WholeTexts implements WebSocket.Listener {

	private final Consumer<String> messages;

	private final StringBuilder parts = new StringBuilder();

	WholeTexts(Consumer<String> messages) {
		this.messages = messages;
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.parts.append(data);
		if (last) {
			String message = this.parts.toString();
			this.parts.setLength(0);
			this.messages.accept(message);
		}
		webSocket.request(1);
		return null;
	}

}
