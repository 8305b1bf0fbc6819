package dev.cspwebsocket.engine;

import java.util.Collection;

import dev.cspwebsocket.CspWebSocketsStats;

/**
 * The statistics of the engine, read from its parts on each call. Thread-safe.
 *
 * @author csp-websocket-spring-boot
 */
final class SocketStats implements CspWebSocketsStats {

	private final Admission admission;

	private final ServerThreads threads;

	private final SocketLifecycle lifecycle;

	SocketStats(Admission admission, ServerThreads threads, SocketLifecycle lifecycle) {
		this.admission = admission;
		this.threads = threads;
		this.lifecycle = lifecycle;
	}

	@Override
	public boolean acceptingHandshakes() {
		return this.admission.isOpen();
	}

	@Override
	public int openSockets() {
		return this.lifecycle.open().size();
	}

	@Override
	public int runningServers() {
		return this.admission.running();
	}

	@Override
	public int awaySockets() {
		return (int) connections().stream().filter(Connection::isAway).count();
	}

	@Override
	public long resumes() {
		return this.lifecycle.resumes();
	}

	@Override
	public long resumeExpiries() {
		return this.lifecycle.resumeExpiries();
	}

	@Override
	public long inboundQueuedMessages() {
		return connections().stream().mapToLong(Connection::inboundQueued).sum();
	}

	@Override
	public long outboundBufferedBytes() {
		return connections().stream().mapToLong(Connection::outboundBuffered).sum();
	}

	@Override
	public int dedicatedThreads() {
		return this.threads.dedicatedAlive();
	}

	@Override
	public int sharedPoolSize() {
		return this.threads.sharedPoolSize();
	}

	@Override
	public int sharedPoolActiveThreads() {
		return this.threads.sharedPoolActive();
	}

	@Override
	public int sharedPoolQueuedTasks() {
		return this.threads.sharedPoolQueued();
	}

	@Override
	public long queueOverflows() {
		return this.lifecycle.queueOverflows();
	}

	@Override
	public long slowConsumers() {
		return this.lifecycle.slowConsumers();
	}

	@Override
	public long idleExpiries() {
		return this.lifecycle.idleExpiries();
	}

	@Override
	public long limitRejections() {
		return this.admission.limitRejections();
	}

	private Collection<Connection> connections() {
		return this.lifecycle.open().values();
	}

}
