package dev.cspwebsocket.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.SocketLimits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for CSP WebSocket servers.
 *
 * @author csp-websocket-spring-boot
 */
@ConfigurationProperties("csp.websocket")
public class CspWebSocketProperties {

	/**
	 * Path before the application name in server URLs.
	 */
	private String pathPrefix = "/csp";

	/**
	 * CSP applications by name, each with the server classes it exposes. When empty, one
	 * application 'user' exposes every server.
	 */
	private Map<String, Application> applications = new LinkedHashMap<>();

	/**
	 * Largest text message accepted, in UTF-8 bytes; a larger one closes the socket with
	 * 1009.
	 */
	private DataSize maxTextMessageSize = DataSize.ofBytes(SocketLimits.DEFAULTS.maxTextMessageSize());

	/**
	 * Largest binary message accepted; a larger one closes the socket with 1009.
	 */
	private DataSize maxBinaryMessageSize = DataSize.ofBytes(SocketLimits.DEFAULTS.maxBinaryMessageSize());

	/**
	 * Size of the servlet container's message buffers for each socket; client messages
	 * arrive in parts of at most this size.
	 */
	private DataSize messageBufferSize = DataSize.ofBytes(SocketLimits.DEFAULTS.messageBufferSize());

	/**
	 * Client data held for read() before reading from the client pauses (on containers
	 * that cannot pause, the socket is closed with 1008 instead).
	 */
	private DataSize inboundBufferSize = DataSize.ofBytes(SocketLimits.DEFAULTS.inboundBufferSize());

	/**
	 * Origins allowed to open sockets besides the server's own; empty means same-origin
	 * only.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Origin patterns (such as 'https://*.example.com') allowed to open sockets besides
	 * the server's own.
	 */
	private List<String> allowedOriginPatterns = new ArrayList<>();

	/**
	 * Whether to accept the permessage-deflate extension. Off by default: it costs memory
	 * per socket, and a small compressed frame can expand past the inbound buffer (up to
	 * one maximum-size message).
	 */
	private boolean permessageDeflate;

	private final Dedicated dedicated = new Dedicated();

	public String getPathPrefix() {
		return this.pathPrefix;
	}

	public void setPathPrefix(String pathPrefix) {
		this.pathPrefix = pathPrefix;
	}

	public Map<String, Application> getApplications() {
		return this.applications;
	}

	public void setApplications(Map<String, Application> applications) {
		this.applications = applications;
	}

	public DataSize getMaxTextMessageSize() {
		return this.maxTextMessageSize;
	}

	public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

	public DataSize getMaxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

	public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
		this.maxBinaryMessageSize = maxBinaryMessageSize;
	}

	public DataSize getMessageBufferSize() {
		return this.messageBufferSize;
	}

	public void setMessageBufferSize(DataSize messageBufferSize) {
		this.messageBufferSize = messageBufferSize;
	}

	public DataSize getInboundBufferSize() {
		return this.inboundBufferSize;
	}

	public void setInboundBufferSize(DataSize inboundBufferSize) {
		this.inboundBufferSize = inboundBufferSize;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public List<String> getAllowedOriginPatterns() {
		return this.allowedOriginPatterns;
	}

	public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
		this.allowedOriginPatterns = allowedOriginPatterns;
	}

	public boolean isPermessageDeflate() {
		return this.permessageDeflate;
	}

	public void setPermessageDeflate(boolean permessageDeflate) {
		this.permessageDeflate = permessageDeflate;
	}

	public Dedicated getDedicated() {
		return this.dedicated;
	}

	SocketLimits toLimits() {
		return new SocketLimits(this.maxTextMessageSize.toBytes(), this.maxBinaryMessageSize.toBytes(),
				Math.toIntExact(this.messageBufferSize.toBytes()), this.inboundBufferSize.toBytes());
	}

	/**
	 * One CSP application.
	 */
	public static class Application {

		/**
		 * CSP class names of the servers this application exposes; a trailing '*' matches
		 * a prefix. Empty exposes every server.
		 */
		private List<String> servers = new ArrayList<>();

		public List<String> getServers() {
			return this.servers;
		}

		public void setServers(List<String> servers) {
			this.servers = servers;
		}

	}

	/**
	 * Dedicated-mode servers.
	 */
	public static class Dedicated {

		/**
		 * Whether each dedicated server() runs on a virtual thread when the runtime is
		 * Java 21 or newer.
		 */
		private boolean virtualThreads = true;

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

	}

}
