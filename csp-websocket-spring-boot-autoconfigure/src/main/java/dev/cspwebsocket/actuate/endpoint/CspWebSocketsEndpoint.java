package dev.cspwebsocket.actuate.endpoint;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.cspwebsocket.CspWebSockets;
import dev.cspwebsocket.WebSocketClusterException;
import dev.cspwebsocket.WebSocketInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.ClassUtils;

/**
 * The {@code cspwebsockets} endpoint: every open socket with its counters, a page at a
 * time, and a way to end one. HTTP session ids, principal names and client addresses are
 * shown only as {@code show-values} allows, as the {@code env} endpoint does. In a
 * cluster, {@code ?cluster=true} shows the sockets of every node, and a socket of any
 * node can be read and ended. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
@WebEndpoint(id = "cspwebsockets")
public class CspWebSocketsEndpoint {

	/** How many sockets a page holds unless asked for another size. */
	public static final int DEFAULT_PAGE_SIZE = 100;

	/** The most sockets a page holds, whatever is asked for. */
	public static final int MAX_PAGE_SIZE = 1000;

	/** The reason a socket ended here is closed with, code 1008. */
	public static final String CLOSED_BY_ADMINISTRATOR = "Closed by administrator";

	private static final String MASK = "******";

	static final String ANONYMOUS_AUTHENTICATION = "org.springframework.security.authentication.AnonymousAuthenticationToken";

	private static final boolean ANONYMOUS_PRESENT = ClassUtils.isPresent(ANONYMOUS_AUTHENTICATION,
			CspWebSocketsEndpoint.class.getClassLoader());

	private final CspWebSockets sockets;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Create the endpoint.
	 * @param sockets the registry of open sockets
	 * @param showValues when to show session ids, principal names and client addresses
	 * @param roles the roles that may see them under {@link Show#WHEN_AUTHORIZED}
	 */
	public CspWebSocketsEndpoint(CspWebSockets sockets, Show showValues, Set<String> roles) {
		this.sockets = sockets;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Whether the caller may see the values. Spring Security's anonymous user is nobody:
	 * on WebFlux it is the request's principal, which {@code Show.WHEN_AUTHORIZED} alone
	 * would take for an authenticated caller when no roles are configured.
	 */
	private boolean isShown(SecurityContext securityContext) {
		Principal principal = securityContext.getPrincipal();
		boolean anonymous = principal != null && ANONYMOUS_PRESENT
				&& principal.getClass().getName().equals(ANONYMOUS_AUTHENTICATION);
		return this.showValues.isShown(anonymous ? SecurityContext.NONE : securityContext, this.roles);
	}

	/**
	 * The summary and one page of the open sockets, oldest first.
	 * @param securityContext who asks
	 * @param application only the sockets of this CSP application
	 * @param serverClass only the sockets of this server class
	 * @param sessionId only the sockets of this HTTP session (none unless session ids are
	 * shown to the caller)
	 * @param page the page, from 0
	 * @param size the page size, at most {@value #MAX_PAGE_SIZE}
	 * @param cluster whether to show the sockets of every node of the cluster, not only
	 * this node's
	 * @return the report
	 */
	@ReadOperation
	public SocketsReport sockets(SecurityContext securityContext, @Nullable String application,
			@Nullable String serverClass, @Nullable String sessionId, @Nullable Integer page, @Nullable Integer size,
			@Nullable Boolean cluster) {
		boolean show = isShown(securityContext);
		List<WebSocketInfo> all = this.sockets.describe();
		String clusterError = null;
		if (Boolean.TRUE.equals(cluster)) {
			try {
				all = this.sockets.describeCluster();
			}
			catch (WebSocketClusterException ex) {
				// This node's sockets are still worth showing.
				clusterError = ex.getMessage();
			}
		}
		// Where session ids are masked, filtering by one would tell whether it is live.
		List<WebSocketInfo> matching = all.stream()
			.filter((socket) -> application == null || application.equals(socket.application()))
			.filter((socket) -> serverClass == null || serverClass.equals(socket.serverClass()))
			.filter((socket) -> sessionId == null || (show && sessionId.equals(socket.sessionId())))
			.toList();
		int pageSize = Math.max(1, Math.min((size != null) ? size : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
		int pageNumber = Math.max(0, (page != null) ? page : 0);
		List<SocketDescriptor> content = matching.stream()
			.skip((long) pageNumber * pageSize)
			.limit(pageSize)
			.map((socket) -> SocketDescriptor.of(socket, show))
			.toList();
		return new SocketsReport(summary(all, clusterError),
				new PageDescriptor(pageNumber, pageSize, matching.size(), (matching.size() + pageSize - 1) / pageSize),
				content);
	}

	/**
	 * One open socket, of any node of the cluster.
	 * @param securityContext who asks
	 * @param webSocketId the socket id
	 * @return the socket, 404 when none with that id is open, or 503 when the other nodes
	 * cannot be asked
	 */
	@ReadOperation
	public WebEndpointResponse<?> socket(SecurityContext securityContext, @Selector String webSocketId) {
		boolean show = isShown(securityContext);
		try {
			return this.sockets.describe(webSocketId)
				.or(() -> this.sockets.describeCluster()
					.stream()
					.filter((info) -> info.webSocketId().equals(webSocketId))
					.findFirst())
				.<WebEndpointResponse<?>>map((socket) -> new WebEndpointResponse<>(SocketDescriptor.of(socket, show)))
				.orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
		}
		catch (WebSocketClusterException ex) {
			return new WebEndpointResponse<>(ex.getMessage(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
	}

	/**
	 * End an open socket, dedicated or shared, of any node of the cluster: it is closed
	 * with 1008 {@value #CLOSED_BY_ADMINISTRATOR}, and its server runs
	 * {@code onPostServer()}.
	 * @param webSocketId the socket id
	 * @return 204, 404 when no socket with that id is open, or 503 when the other nodes
	 * cannot be asked
	 */
	@DeleteOperation
	public WebEndpointResponse<String> endServer(@Selector String webSocketId) {
		try {
			boolean ended = this.sockets.endServer(webSocketId, CLOSED_BY_ADMINISTRATOR);
			return new WebEndpointResponse<>(
					ended ? WebEndpointResponse.STATUS_NO_CONTENT : WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (WebSocketClusterException ex) {
			return new WebEndpointResponse<>(ex.getMessage(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
	}

	private Summary summary(List<WebSocketInfo> all, @Nullable String clusterError) {
		return new Summary(this.sockets.nodeId(), all.size(), countBy(all, WebSocketInfo::node),
				countBy(all, WebSocketInfo::application), countBy(all, WebSocketInfo::serverClass),
				countBy(all, WebSocketInfo::mode), clusterError);
	}

	private static Map<String, Long> countBy(List<WebSocketInfo> sockets, Function<WebSocketInfo, String> key) {
		return sockets.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param summary the open sockets counted
	 * @param page which sockets this is
	 * @param sockets the sockets of the page
	 */
	public record SocketsReport(Summary summary, PageDescriptor page, List<SocketDescriptor> sockets) {
	}

	/**
	 * The open sockets shown, counted.
	 *
	 * @param node the id of the node that answers
	 * @param open how many sockets are open
	 * @param byNode how many on each node
	 * @param byApplication how many in each CSP application
	 * @param byServerClass how many of each server class
	 * @param byMode how many dedicated and shared
	 * @param clusterError why the other nodes' sockets are missing from a cluster-wide
	 * view, or {@code null}
	 */
	public record Summary(String node, int open, Map<String, Long> byNode, Map<String, Long> byApplication,
			Map<String, Long> byServerClass, Map<String, Long> byMode, @Nullable String clusterError) {
	}

	/**
	 * Which sockets a page holds.
	 *
	 * @param number the page, from 0
	 * @param size the page size
	 * @param totalElements how many sockets match the filters
	 * @param totalPages how many pages they fill
	 */
	public record PageDescriptor(int number, int size, int totalElements, int totalPages) {
	}

	/**
	 * One socket as the endpoint shows it.
	 *
	 * @param id the socket id
	 * @param application the CSP application
	 * @param serverClass the server class
	 * @param mode {@code dedicated} or {@code shared}
	 * @param state {@code open}, {@code away} (a resumable socket waiting for its client)
	 * or {@code closed}
	 * @param subprotocol the subprotocol, if any
	 * @param remoteAddress the client's address, if known, masked unless shown
	 * @param openedAt when it opened
	 * @param lastActivity when a message last went either way
	 * @param messagesIn whole messages from the client
	 * @param bytesIn bytes from the client
	 * @param messagesOut whole messages to the client
	 * @param bytesOut bytes to the client
	 * @param inboundQueued client messages waiting to be read
	 * @param outboundBuffered bytes waiting to be sent
	 * @param sessionId the HTTP session id, masked unless shown
	 * @param principal the user's name, masked unless shown
	 * @param node the id of the node that holds the socket
	 * @param away since when a resumable socket is away, and what it keeps for its
	 * client; {@code null} unless away
	 */
	public record SocketDescriptor(String id, String application, String serverClass, String mode, String state,
			@Nullable String subprotocol, @Nullable String remoteAddress, Instant openedAt, Instant lastActivity,
			long messagesIn, long bytesIn, long messagesOut, long bytesOut, int inboundQueued, long outboundBuffered,
			@Nullable String sessionId, @Nullable String principal, String node, WebSocketInfo.@Nullable Away away) {

		static SocketDescriptor of(WebSocketInfo socket, boolean show) {
			return new SocketDescriptor(socket.webSocketId(), socket.application(), socket.serverClass(), socket.mode(),
					socket.state(), socket.subprotocol(), shown(socket.remoteAddress(), show), socket.openedAt(),
					socket.lastActivity(), socket.messagesIn(), socket.bytesIn(), socket.messagesOut(),
					socket.bytesOut(), socket.inboundQueued(), socket.outboundBuffered(),
					shown(socket.sessionId(), show), shown(socket.principal(), show), socket.node(), socket.away());
		}

		private static @Nullable String shown(@Nullable String value, boolean show) {
			return (value == null || show) ? value : MASK;
		}

	}

}
