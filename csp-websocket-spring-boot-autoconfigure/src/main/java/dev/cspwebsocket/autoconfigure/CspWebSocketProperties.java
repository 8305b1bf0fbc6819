package dev.cspwebsocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cspwebsocket.ConnectionLimits;
import dev.cspwebsocket.HandshakePolicy;
import dev.cspwebsocket.Heartbeat;
import dev.cspwebsocket.SocketLimits;
import org.jspecify.annotations.Nullable;

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
	private DataSize maxTextMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Largest binary message accepted; a larger one closes the socket with 1009.
	 */
	private DataSize maxBinaryMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Size of Tomcat's message buffers for each socket: client messages reach the starter
	 * in parts of at most this size (on Jetty, in parts as Jetty reads them).
	 */
	private DataSize messageBufferSize = DataSize.ofKilobytes(1);

	/**
	 * Client data held for read() before reading from the client pauses (on containers
	 * that cannot pause, the socket is closed with 1008 instead).
	 */
	private DataSize inboundBufferSize = DataSize.ofKilobytes(64);

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

	/**
	 * Data accepted for sending and not yet sent that a socket may hold; a write waits
	 * while it is full. Text counts one byte per character.
	 */
	private DataSize sendBufferSize = DataSize.ofKilobytes(512);

	/**
	 * How long a client may take nothing of what is sent before its socket is closed with
	 * 1008 as a slow consumer; also the most a write waits for a full send buffer, and
	 * the most the answer to a client's close waits for the server's answers.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * How often the server pings each open socket, which finds clients gone without
	 * closing and keeps proxies from cutting idle sockets; 0 disables pings.
	 */
	private Duration pingInterval = Duration.ofSeconds(25);

	/**
	 * How long a client may take to answer a ping before its socket is closed with 1001.
	 */
	private Duration pongTimeout = Duration.ofSeconds(10);

	private final Dedicated dedicated = new Dedicated();

	private final Shared shared = new Shared();

	private final Session session = new Session();

	private final Limits limits = new Limits();

	private final Cluster cluster = new Cluster();

	private final Client client = new Client();

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
		this.maxTextMessageSize = PropertyRanges.atLeast(maxTextMessageSize, DataSize.ofBytes(1));
	}

	public DataSize getMaxBinaryMessageSize() {
		return this.maxBinaryMessageSize;
	}

	public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
		this.maxBinaryMessageSize = PropertyRanges.atLeast(maxBinaryMessageSize, DataSize.ofBytes(1));
	}

	public DataSize getMessageBufferSize() {
		return this.messageBufferSize;
	}

	public void setMessageBufferSize(DataSize messageBufferSize) {
		this.messageBufferSize = PropertyRanges.atLeast(messageBufferSize, DataSize.ofBytes(16));
	}

	public DataSize getInboundBufferSize() {
		return this.inboundBufferSize;
	}

	public void setInboundBufferSize(DataSize inboundBufferSize) {
		this.inboundBufferSize = PropertyRanges.atLeast(inboundBufferSize, DataSize.ofBytes(1));
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

	public DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(DataSize sendBufferSize) {
		this.sendBufferSize = PropertyRanges.atLeast(sendBufferSize, DataSize.ofBytes(1));
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = PropertyRanges.atLeastOneMillisecond(sendTimeLimit);
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = PropertyRanges.notNegative(pingInterval);
	}

	public Duration getPongTimeout() {
		return this.pongTimeout;
	}

	public void setPongTimeout(Duration pongTimeout) {
		this.pongTimeout = PropertyRanges.atLeastOneMillisecond(pongTimeout);
	}

	public Dedicated getDedicated() {
		return this.dedicated;
	}

	public Shared getShared() {
		return this.shared;
	}

	public Session getSession() {
		return this.session;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Client getClient() {
		return this.client;
	}

	HandshakePolicy toHandshakePolicy() {
		return new HandshakePolicy(this.allowedOrigins, this.allowedOriginPatterns, this.permessageDeflate,
				this.session.isCreate());
	}

	Heartbeat toHeartbeat() {
		return new Heartbeat(this.pingInterval, this.pongTimeout);
	}

	SocketLimits toLimits() {
		return new SocketLimits(this.maxTextMessageSize.toBytes(), this.maxBinaryMessageSize.toBytes(),
				Math.toIntExact(this.messageBufferSize.toBytes()), this.inboundBufferSize.toBytes(),
				this.sendBufferSize.toBytes(), this.sendTimeLimit, this.shared.getMaxQueuedMessages(),
				this.shared.getMaxQueuedBytes().toBytes(), this.shared.getIdleTimeout(), this.shared.getResumeGrace(),
				this.shared.getResumeBuffer().toBytes());
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

	/**
	 * Shared-connection servers.
	 */
	public static class Shared {

		/**
		 * Threads of the shared pool, which runs server(), onClientMessage() and
		 * onPostServer() of shared sockets; each is started when first needed.
		 */
		private int poolSize = 16;

		/**
		 * Client messages a shared socket may hold unread before it is closed with 1008.
		 */
		private int maxQueuedMessages = 1000;

		/**
		 * Client data a shared socket may hold unread before it is closed with 1008.
		 */
		private DataSize maxQueuedBytes = DataSize.ofMegabytes(1);

		/**
		 * How long a shared socket may see no traffic either way before it is ended with
		 * 1001.
		 */
		private Duration idleTimeout = Duration.ofMinutes(30);

		/**
		 * How long a resumable socket whose connection dropped stays away, waiting for
		 * its client to resume it, before it ends.
		 */
		private Duration resumeGrace = Duration.ofSeconds(30);

		/**
		 * Messages a resumable socket keeps until its client acknowledges them, also
		 * while away, before it is closed as a slow consumer.
		 */
		private DataSize resumeBuffer = DataSize.ofMegabytes(1);

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = PropertyRanges.atLeastOne(poolSize);
		}

		public int getMaxQueuedMessages() {
			return this.maxQueuedMessages;
		}

		public void setMaxQueuedMessages(int maxQueuedMessages) {
			this.maxQueuedMessages = PropertyRanges.atLeastOne(maxQueuedMessages);
		}

		public DataSize getMaxQueuedBytes() {
			return this.maxQueuedBytes;
		}

		public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
			this.maxQueuedBytes = PropertyRanges.atLeast(maxQueuedBytes, DataSize.ofBytes(1));
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = PropertyRanges.atLeastOneMillisecond(idleTimeout);
		}

		public Duration getResumeGrace() {
			return this.resumeGrace;
		}

		public void setResumeGrace(Duration resumeGrace) {
			this.resumeGrace = PropertyRanges.atLeastOneMillisecond(resumeGrace);
		}

		public DataSize getResumeBuffer() {
			return this.resumeBuffer;
		}

		public void setResumeBuffer(DataSize resumeBuffer) {
			this.resumeBuffer = PropertyRanges.atLeast(resumeBuffer, DataSize.ofBytes(1));
		}

	}

	/**
	 * The JavaScript client for the application's pages.
	 */
	public static class Client {

		/**
		 * Whether the JavaScript client is served at /csp-websocket/client.js.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Ties between sockets and HTTP sessions.
	 */
	public static class Session {

		/**
		 * Whether a handshake without an HTTP session gets one, as every CSP request has
		 * one.
		 */
		private boolean create = true;

		/**
		 * Whether messages from a socket's client keep its HTTP session from timing out.
		 */
		private boolean keepAlive = true;

		/**
		 * How often the HTTP sessions of open sockets are checked: sockets of ended
		 * sessions are closed, and sessions whose clients sent messages are kept alive.
		 */
		private Duration checkInterval = Duration.ofSeconds(5);

		public boolean isCreate() {
			return this.create;
		}

		public void setCreate(boolean create) {
			this.create = create;
		}

		public boolean isKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
		}

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = PropertyRanges.atLeastOneMillisecond(checkInterval);
		}

	}

	/**
	 * Several instances of the application as one, on Redis: shared sockets reachable
	 * from every node.
	 */
	public static class Cluster {

		/**
		 * Whether this node joins a cluster on Redis; needs a RedisConnectionFactory
		 * (spring.data.redis.*).
		 */
		private boolean enabled;

		/**
		 * The id of this node in the cluster and the status endpoint; generated unless
		 * set.
		 */
		private @Nullable String nodeId;

		/**
		 * How long a node and its sockets stay registered after its last heartbeat;
		 * heartbeats go every third of it. At least eight request timeouts.
		 */
		private Duration ttl = Duration.ofSeconds(20);

		/**
		 * How long an operation on another node's socket may take before it fails.
		 */
		private Duration requestTimeout = Duration.ofSeconds(2);

		/**
		 * The prefix of the cluster's Redis keys and channels, so that applications can
		 * share a Redis.
		 */
		private String keyPrefix = "csp:ws:";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getNodeId() {
			return this.nodeId;
		}

		public void setNodeId(@Nullable String nodeId) {
			this.nodeId = nodeId;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = PropertyRanges.atLeastOneMillisecond(ttl);
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = PropertyRanges.atLeastOneMillisecond(requestTimeout);
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

	/**
	 * How many sockets may be open at once; -1 for no limit. Over a limit a handshake is
	 * answered 503.
	 */
	public static class Limits {

		/**
		 * Most sockets open at once in all.
		 */
		private int total = -1;

		/**
		 * Most sockets open at once for each CSP application.
		 */
		private int perApplication = -1;

		/**
		 * Most sockets open at once for each server class.
		 */
		private int perServerClass = -1;

		/**
		 * Most sockets open at once for each HTTP session.
		 */
		private int perSession = 100;

		public int getTotal() {
			return this.total;
		}

		public void setTotal(int total) {
			this.total = PropertyRanges.limit(total);
		}

		public int getPerApplication() {
			return this.perApplication;
		}

		public void setPerApplication(int perApplication) {
			this.perApplication = PropertyRanges.limit(perApplication);
		}

		public int getPerServerClass() {
			return this.perServerClass;
		}

		public void setPerServerClass(int perServerClass) {
			this.perServerClass = PropertyRanges.limit(perServerClass);
		}

		public int getPerSession() {
			return this.perSession;
		}

		public void setPerSession(int perSession) {
			this.perSession = PropertyRanges.limit(perSession);
		}

		ConnectionLimits toConnectionLimits() {
			return new ConnectionLimits(this.total, this.perApplication, this.perServerClass, this.perSession);
		}

	}

}
