package dev.cspwebsocket.autoconfigure;

import dev.cspwebsocket.CspWebSocketConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a CSP server configuration that cannot start as Spring Boot prints its own: what
 * is wrong, and what to write instead, rather than a stack trace.
 *
 * @author csp-websocket-spring-boot
 */
class CspWebSocketConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CspWebSocketConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CspWebSocketConfigurationException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
