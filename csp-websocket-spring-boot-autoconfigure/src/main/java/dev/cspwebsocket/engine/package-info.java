/**
 * The CSP engine: the open sockets of a node, their server objects, threads, reads,
 * writes, closes and limits. It knows no container: a container adapter
 * ({@code dev.cspwebsocket.servlet} for Tomcat and Jetty,
 * {@code dev.cspwebsocket.reactive} for WebFlux on Reactor Netty) hands it each handshake
 * through {@link dev.cspwebsocket.transport.CspHandshakes} and each socket's events
 * through a {@link dev.cspwebsocket.transport.TransportListener}, and the engine reaches
 * the client through a {@link dev.cspwebsocket.transport.Transport}. Only
 * {@link dev.cspwebsocket.engine.CspWebSocketsEngine} is public, for the
 * auto-configuration; the rest of the project sees the engine through the API's
 * {@code CspWebSockets}, the seam's {@code CspHandshakes} and the cluster's
 * {@code LocalNode}.
 *
 * <h2>Engine map</h2>
 * <p>
 * <b>Parts.</b>
 * <ul>
 * <li>The registry: {@code CspWebSocketsEngine} (the wiring and the lifecycle),
 * {@code SocketLifecycle} (the open and upgrading sockets, from handshake to
 * {@code onPostServer()}), {@code Admission} (the connection limits and shutdown),
 * {@code SessionTies} (sockets by HTTP session), {@code Listeners}, {@code SocketStats}
 * (the statistics) and {@code LocalNodeOperations} (what the cluster runs here).</li>
 * <li>Observations and context: {@code SocketObservations} (the handshake's observation,
 * the short ones of a socket's opening and close, children of the handshake's, and the
 * snapshot of the handshake thread's context through Micrometer's context propagation)
 * and {@code SocketThreadContext} (that snapshot, with the socket's short id and server
 * class in the MDC, set on whatever thread runs a callback of the socket or sends for it,
 * or logs what failed in the container for it: {@code Connection.failure}).</li>
 * <li>A handshake: {@code EngineHandshakes}, with {@code HandshakeValidator},
 * {@code OriginValidator} and {@code HandshakeSecurityContext}; server objects are bound
 * through the API's {@code ServerBinding}, the one way into a {@code CspWebSocket}'s
 * callbacks from outside its package.</li>
 * <li>One socket: {@code Connection}, the hub that the container, the server object and
 * the parts see through narrow interfaces and that hands each call to the part that keeps
 * it: {@code Inbound} (the client's messages and their readers, under one lock),
 * {@code Outbound} (the messages on their way out, under another), {@code CloseHandshake}
 * (the close, whoever begins it), {@code ClientMessages} (the hand-over to
 * {@code onClientMessage()}) and {@code Activity} (traffic and heartbeat); with
 * {@code InboundMessages}, {@code Outgoing}, {@code Fragments}, {@code CloseStatus} and
 * {@code Utf8} as their values.</li>
 * <li>Resumable sockets (docs/resume.md): {@code ResumableTransport}, what a resumable
 * socket's {@code Connection} sees as its one transport across its connections (it keeps
 * what it sends until the client acknowledges it, keeps writes while the socket is away,
 * and replays on a resume); {@code ResumeLink}, one per connection, what the container
 * reports to (it takes the protocol's control messages out, counts the client's messages
 * and turns a drop into the socket being away); {@code ResumeProtocol}, the words on the
 * wire; {@code PlainHello} for a client that asks of a socket that is not resumable; and
 * {@code ClosedAtOnce}, the socket opened only to close with 1013 or a refused resume's
 * 4010.</li>
 * <li>Threads and time: {@code ServerThreads} (dedicated, shared and sender threads),
 * {@code SerialExecutor} (a shared socket's callbacks one at a time), {@code ReadTimer}
 * (the wheel that ends long reads and held closes), {@code CleanDaemonThreads} (pool
 * threads that inherit nothing) and {@code VirtualThreads}.</li>
 * </ul>
 * <p>
 * <b>Lifecycle of a socket.</b>
 * <ol>
 * <li>Handshake ({@code EngineHandshakes}, on the container's request thread; on WebFlux
 * a {@code boundedElastic} thread, after the session and the security context are
 * resolved): validation ({@code HandshakeValidator}), origin ({@code OriginValidator},
 * the one same-origin check for every container), the subprotocol, admission under the
 * limits ({@code Admission}), the HTTP session, a {@code Connection} and its server
 * object, {@code onPreServer()}; all of it observed, the observation current throughout.
 * Once {@code onPreServer()} returns, the {@code Connection} takes the thread's context
 * (the handshake's observation, the MDC with what {@code onPreServer()} put there), and
 * the request thread is put back as it was; the handshake's observation, stopped, lets go
 * of its parent, the request's. The socket then waits in {@code SocketLifecycle}'s
 * upgrading map.</li>
 * <li>Open ({@code Connection.opened}, container thread): {@code SocketLifecycle} takes
 * it out of the upgrading map (or closes it, given up on after a failed or five-second
 * upgrade), registers it in the open map and the session ties, tells the listeners and
 * the cluster, observes the opening, and starts {@code server()}.</li>
 * <li>Traffic: the container hands in message parts ({@code Connection.text/binary}); a
 * part goes to {@code Inbound}'s queue, or, for a shared server with
 * {@code onClientMessage()}, to {@code ClientMessages}. Reads take pieces from
 * {@code Inbound}; writes queue on {@code Outbound}.</li>
 * <li>Close, by whoever comes first (the client, the server, a limit, the session's end,
 * shutdown): {@code Inbound.close} decides the first, readers see it after what is
 * queued; unless it is the client's close held for its answer, {@code Outbound} refuses
 * writes from then on, before anyone is told, so that no write that sees the socket
 * closed is queued only to be dropped; {@code Outbound} drops what is queued and sends
 * the close frame after the message in progress, and {@code SocketLifecycle.closed} takes
 * the socket out of the maps, observes the close, and tells the listeners and the
 * cluster. The client's close frame is answered only once the server is done with the
 * messages before it ({@code CloseHandshake}): the transport holds the answer (Jetty's
 * close callback, the frame kept from Reactor Netty; on Reactor Netty the close frame
 * that fails the connection for a client's protocol error too, which the engine hears of
 * as a client's close with the error's code), writes go on, and
 * {@code Outbound.closeAfterQueue} sends the answer after them when a read returns
 * {@code Closed} or the server ends; past the send-time limit it goes at once, and what
 * is still queued is dropped. Tomcat answers as it reads the frame, so there the
 * container's thread that hands over a client message (of a dedicated socket, or to
 * {@code onClientMessage()}) waits ({@code Inbound.awaitAnswer}) until the server has
 * read it, come back, and its answers are out ({@code Outbound} tells when it is idle):
 * the hold, at most the send-time limit, told by the read timer like a long read (a timed
 * park of a virtual thread costs two hand-offs per message). Jetty fails the connection
 * with a close frame of its own the moment it reads a bad frame, which would overtake the
 * answers to the messages before it: there ({@code Transport.pausesForAnswers}) the hold
 * pauses reading instead of keeping a thread, and a deadline filed with the read timer
 * ends it past the send-time limit.</li>
 * <li>Away and resumed (a resumable socket whose client asked for the protocol): a drop
 * without a close ({@code ResumeLink.closed} with 1006, or the client's 4000) leaves the
 * socket open, its {@code Connection} none the wiser: {@code ResumableTransport} keeps
 * what is written and answers pings itself. A handshake with {@code csp-resume-id}
 * ({@code EngineHandshakes}, before admission: no server object, no count) gets a
 * {@code ResumeLink} that waits for the client's resume message, then hands its
 * connection to the {@code ResumableTransport}, which replays what the client missed. The
 * sweep ({@code Connection.heartbeat}) ends a socket away past the grace period through
 * {@code Connection.closed}, as if its connection had just closed.</li>
 * <li>End: {@code onPostServer()} runs once ({@code SocketLifecycle.abandon}) after a
 * dedicated {@code server()} returns, or as a shared socket's last task; then
 * {@code Admission} releases the server object, and an HTTP session that the handshake
 * made ends if nothing is stored in it and no other socket uses it.</li>
 * </ol>
 * <p>
 * <b>Threads.</b> The container's threads run handshakes, {@code onPreServer()}, opens
 * and the delivery of parts (on Reactor Netty, the channel's event loop delivers, and
 * handshakes run as above) (and {@code onClientMessage()} itself when they are virtual
 * and the socket has no callback running or waiting). A dedicated {@code server()} runs
 * on a thread of its own ({@code csp-ws-N}, virtual on Java 21+), then
 * {@code onPostServer()} there. A shared socket's {@code server()},
 * {@code onClientMessage()} and {@code onPostServer()} run one at a time, in order, on
 * the shared pool ({@code csp-ws-shared-N}, through its {@code SerialExecutor}; the pool
 * is made when a shared socket first needs it, and each of its threads when a task does).
 * Each of these callbacks, and each send on a sender thread, runs in the socket's
 * {@code SocketThreadContext}: a dedicated server's for its whole life, a shared socket's
 * once for the tasks its pool thread runs in a row. Queued messages and close frames go
 * out on sender threads ({@code csp-ws-send-N}), unless the socket's own server writes
 * while nothing is queued, which sends from its own thread, as does any writer while the
 * container takes a send at once ({@code Transport.takesSendsNow}: Reactor Netty's
 * writable channel). A send waits for the client only where the container makes it:
 * Tomcat's and Jetty's sends return once written to the connection; Reactor Netty's once
 * in the channel's buffer, waiting only while the channel is not writable, and a channel
 * that stays so for the send-time limit is a slow consumer
 * ({@code TransportListener.stalled}). Three sweeper threads ({@code csp-ws-sweeper-N})
 * run the heartbeat and idle expiry, the read timer's wheel (which also answers held
 * closes and ends holds that pause reading past the send-time limit), and the session
 * check. On Tomcat the container's thread that hands over a client message waits for the
 * server to read it (the hold above); on Jetty reading pauses for it. Applications read
 * and write from any thread.
 * <p>
 * <b>Locks.</b> Each is held briefly. Two nest, always in this order: a message handed to
 * {@code onClientMessage()} is scheduled on its socket's {@code SerialExecutor} under the
 * inbound lock. The container is told to pause or resume reading under the inbound lock
 * too. No other lock is taken while one is held:
 * <ul>
 * <li>{@code Inbound}'s lock: the client's queue, the reader part-way through a message,
 * a piece handed over to another node, waiting readers and their deadline, messages out
 * with {@code onClientMessage()}, the pause and the hold (and the hold's deadline), and
 * the close (the first close wins here).</li>
 * <li>{@code Outbound}'s lock: the queue on the way out, the send buffer's fill, who owns
 * the way out, and the close frame waiting for the message in progress or for the queue
 * to drain. Never held while the container sends.</li>
 * <li>{@code SerialExecutor}'s lock: the tasks of one shared socket.</li>
 * <li>{@code ResumableTransport}'s lock: a resumable socket's connection, what it keeps
 * for the client, and the counts; held while a part goes to the container (so parts,
 * control messages and a replay go out in order), never while the socket is told
 * anything. Taken by whoever sends (no engine lock is held then), and by the container's
 * thread for the client's acknowledgements and closes.</li>
 * <li>{@code Admission}'s lock: the counts of admitted server objects, and whether
 * handshakes are taken (so that none is admitted once shutdown has begun).</li>
 * </ul>
 * The maps of open and upgrading sockets and the session ties are concurrent maps;
 * listeners and the cluster are told outside every lock.
 */
@NullMarked
package dev.cspwebsocket.engine;

import org.jspecify.annotations.NullMarked;
