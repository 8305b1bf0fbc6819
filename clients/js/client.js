// A WebSocket that comes back: the browser client of csp-websocket-spring-boot.
// It has the browser WebSocket's shape, so a page can swap it in, and reconnects with capped,
// fully jittered back-off unless the close means "do not come back".

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

// The events a page can also handle through an on<type> property, as with a WebSocket.
const EVENT_TYPES = ['open', 'message', 'close', 'error', 'reconnecting', 'reconnected'];

const DEFAULTS = {
	protocols: undefined,
	minDelay: 500,
	maxDelay: 30_000,
	factor: 2,
	maxAttempts: Infinity,
	resetAfter: 10_000,
	// 1000: the server ended it (endServer()); 1008: a policy close (the HTTP session ended, an
	// administrator); the others say this client or its data are wrong, which trying again cannot fix.
	finalCodes: [1000, 1002, 1003, 1007, 1008, 1009, 1010],
	queueWhileAway: 0,
	livenessTimeout: 0,
	resume: false,
	resumeBuffer: 1000,
};

const TRY_AGAIN_LATER = 1013;
const TRY_AGAIN_PARAMETER = 'csp-try-again=1';
const TRY_AGAIN_REASON = /\bTry again in (\d+(?:\.\d+)?) s\b/;

const LIVENESS_CLOSE_CODE = 4000;

// The resume protocol, version 1 (the server's docs/resume.md).
const RESUME_PARAMETER = 'csp-resume=1';
const RESUME_ID_PARAMETER = 'csp-resume-id';
const NUL = '\u0000';
const HELLO = /^\u0000hello(?: ([^ ]+) ([^ ]+))?$/;
const ACK_EVERY = 16;
const ACK_WITHIN = 1000;
// A close without a close frame: the server keeps such a socket away, to be resumed; a close frame ends it.
const ABNORMAL_CLOSURE = 1006;
const RESUME_REFUSED = 4010;

// What a close event reports when close() named no code, as a WebSocket's does.
const NO_STATUS = 1005;

/**
 * A reconnecting WebSocket. See client.d.ts and README.md for the whole contract.
 */
export class CspWebSocket extends EventTarget {
	static CONNECTING = CONNECTING;
	static OPEN = OPEN;
	static CLOSING = CLOSING;
	static CLOSED = CLOSED;

	#url;
	#options;
	#WebSocket;
	#random;
	#setTimeout;
	#clearTimeout;
	#environment;

	#readyState = CONNECTING;
	#binaryType = 'blob';
	#socket = null;
	#handlers = {};
	#pendingEvents = [];
	#queue = [];
	#flushedIntoCurrent = [];
	#attempts = 0;
	#hasOpened = false;
	#closedByPage = false;

	// What the current connection waits for before the page may use it: 'hello', 'resumed' or nothing.
	#awaiting = null;
	// The current connection escapes, counts and acknowledges: the protocol's side of a resumable socket.
	#protocol = false;
	// The socket a drop can resume: { id, secret }, or null.
	#session = null;
	#receivedCount = 0;
	#acknowledgedCount = 0;
	// Copies of what was sent and not acknowledged; #keptFrom of the page's messages came before the first.
	#kept = [];
	#keptFrom = 0;
	#ackTimer = null;

	#retryTimer = null;
	#resetTimer = null;
	#livenessTimer = null;
	#listeningForWake = false;
	#onOnline = () => this.#wake();
	#onVisibilityChange = () => {
		if (this.#environment.isVisible()) this.#wake();
	};

	constructor(url, options = {}) {
		super();
		this.#url = absolute(String(url));
		this.#options = { ...DEFAULTS, ...options };
		this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
		if (typeof this.#WebSocket !== 'function') {
			throw new TypeError('No WebSocket constructor here: pass one as the WebSocket option');
		}
		this.#random = options.random ?? Math.random;
		// Bound to globalThis: browsers refuse a setTimeout called on another object.
		this.#setTimeout = options.setTimeout ?? globalThis.setTimeout.bind(globalThis);
		this.#clearTimeout = options.clearTimeout ?? globalThis.clearTimeout.bind(globalThis);
		this.#environment = options.environment === undefined ? browserEnvironment() : options.environment;
		for (const type of EVENT_TYPES) {
			this.addEventListener(type, (event) => this.#handlers[type]?.call(this, event));
		}
		this.#connect();
	}

	static {
		for (const type of EVENT_TYPES) {
			Object.defineProperty(this.prototype, `on${type}`, {
				get() {
					return this.#handlers[type] ?? null;
				},
				set(handler) {
					this.#handlers[type] = typeof handler === 'function' ? handler : null;
				},
				enumerable: true,
				configurable: true,
			});
		}
	}

	get CONNECTING() { return CONNECTING; }
	get OPEN() { return OPEN; }
	get CLOSING() { return CLOSING; }
	get CLOSED() { return CLOSED; }

	get url() {
		return this.#url;
	}

	get readyState() {
		return this.#readyState;
	}

	get protocol() {
		return this.#socket?.protocol ?? '';
	}

	get extensions() {
		return this.#socket?.extensions ?? '';
	}

	// What send() has accepted and not yet handed to the network: the socket's buffer and the queue.
	get bufferedAmount() {
		const queued = this.#queue.reduce((sum, data) => sum + byteLength(data), 0);
		return (this.#socket?.bufferedAmount ?? 0) + queued;
	}

	get binaryType() {
		return this.#binaryType;
	}

	set binaryType(type) {
		this.#binaryType = type;
		if (this.#socket) this.#socket.binaryType = type;
	}

	send(data) {
		if (this.#readyState === OPEN) {
			this.#transmit(data);
			return;
		}
		if (this.#readyState !== CONNECTING) {
			throw new DOMException('CspWebSocket is closed: send() needs a new CspWebSocket', 'InvalidStateError');
		}
		const bound = this.#options.queueWhileAway;
		if (bound === 0) {
			const state = this.#hasOpened ? 'reconnecting' : 'connecting';
			throw new DOMException(
				`CspWebSocket is ${state}: send() needs an open socket. Wait for the 'open' or 'reconnected' `
					+ 'event, or pass the option { queueWhileAway: N } to queue up to N messages until it opens',
				'InvalidStateError');
		}
		if (this.#queue.length >= bound) {
			throw new DOMException(
				`CspWebSocket's queue is full: ${bound} messages already wait for the socket to open `
					+ '(the queueWhileAway option)',
				'InvalidStateError');
		}
		this.#queue.push(data);
	}

	close(code, reason) {
		checkCloseArguments(code, reason);
		if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
		this.#closedByPage = true;
		if (this.#socket) {
			// The socket's close event finishes the job, as a WebSocket's close() does.
			this.#readyState = CLOSING;
			this.#stopLiveness();
			this.#socket.close(code, reason);
			return;
		}
		this.#stopWaiting();
		this.#end(code ?? NO_STATUS, reason ?? '', true);
	}

	// One event reaches every listener before the next starts, even when a handler causes another (close() in a
	// close handler), so no listener sees the final close before the one that announced a reconnect.
	#emit(event) {
		this.#pendingEvents.push(event);
		if (this.#pendingEvents.length > 1) return;
		while (this.#pendingEvents.length > 0) {
			this.dispatchEvent(this.#pendingEvents[0]);
			this.#pendingEvents.shift();
		}
	}

	#connect() {
		this.#awaiting = !this.#options.resume ? null : this.#session === null ? 'hello' : 'resumed';
		this.#protocol = this.#session !== null;
		const socket = new this.#WebSocket(this.#connectionUrl(), this.#options.protocols);
		socket.binaryType = this.#binaryType;
		socket.onopen = () => this.#socketOpened();
		socket.onmessage = (event) => this.#received(event);
		socket.onerror = () => this.#emit(new Event('error'));
		socket.onclose = (event) => {
			this.#release();
			if (event.code !== ABNORMAL_CLOSURE) this.#forgetSession();
			this.#dropped(event.code, event.reason, event.wasClean);
		};
		this.#socket = socket;
		// Counted from the attempt too: a handshake the network swallowed can hang as long as a silent socket.
		this.#restartLiveness();
	}

	// Tells the server this client understands 1013 "Try Again Later", so it may accept a handshake its limits
	// would refuse and say when to come back (a refused handshake reaches a page only as 1006); and, with the
	// resume option, that it speaks the resume protocol and which socket it comes back to.
	#connectionUrl() {
		const parameters = [TRY_AGAIN_PARAMETER];
		if (this.#options.resume) parameters.push(RESUME_PARAMETER);
		if (this.#session !== null) parameters.push(`${RESUME_ID_PARAMETER}=${encodeURIComponent(this.#session.id)}`);
		return withParameters(this.#url, parameters.join('&'));
	}

	#socketOpened() {
		if (this.#awaiting === null) {
			this.#opened();
			return;
		}
		// The hello, or the answer to the resume, opens it for the page; until then only the liveness clock runs.
		this.#restartLiveness();
		if (this.#awaiting === 'resumed') {
			this.#acknowledgedCount = this.#receivedCount;
			this.#socket.send(`${NUL}resume ${this.#session.secret} ${this.#receivedCount}`);
		}
	}

	#opened(resumed = false) {
		this.#readyState = OPEN;
		this.#restartLiveness();
		this.#resetTimer = this.#setTimeout(() => {
			this.#attempts = 0;
		}, this.#options.resetAfter);
		const reopened = this.#hasOpened;
		this.#hasOpened = true;
		this.#emit(new Event('open'));
		if (reopened && this.#readyState === OPEN) {
			const attempt = this.#attempts;
			const detail = this.#options.resume ? { attempt, resumed } : { attempt };
			this.#emit(new CustomEvent('reconnected', { detail }));
		}
		// After the handlers, so what they send (a rejoin) reaches the server before what was written while away.
		this.#flushQueue();
	}

	#flushQueue() {
		this.#flushedIntoCurrent = [];
		while (this.#queue.length > 0 && this.#readyState === OPEN) {
			const data = this.#queue.shift();
			this.#transmit(data);
			this.#flushedIntoCurrent.push(data);
		}
	}

	#transmit(data) {
		if (this.#protocol) {
			const wire = typeof data === 'string' && data.startsWith(NUL) ? NUL + data : data;
			this.#keep(wire);
			this.#socket.send(wire);
			return;
		}
		this.#socket.send(data);
	}

	// Binary data is kept by reference: the page must not change it after send().
	#keep(wire) {
		if (this.#session === null) return;
		if (this.#kept.length >= this.#options.resumeBuffer) {
			// Past the bound the copies cost more than a fresh socket: the next drop starts one.
			this.#forgetSession();
			return;
		}
		this.#kept.push(wire);
	}

	#received(event) {
		this.#restartLiveness();
		// A connection the page closed before it opened for the page is no longer the page's.
		if (this.#awaiting !== null && this.#closedByPage) return;
		if (this.#awaiting === 'hello') {
			this.#greeted(event);
			return;
		}
		let data = event.data;
		if (this.#protocol && typeof data === 'string' && data.startsWith(NUL)) {
			if (!data.startsWith(NUL + NUL)) {
				this.#control(data);
				return;
			}
			data = data.slice(1);
		}
		if (this.#protocol) this.#count();
		this.#deliver(data, event.origin);
	}

	#deliver(data, origin) {
		this.#emit(withFields(new Event('message'), { data, origin }));
	}

	#greeted(event) {
		this.#awaiting = null;
		const hello = typeof event.data === 'string' ? HELLO.exec(event.data) : null;
		if (hello?.[1] !== undefined) this.#startSession(hello[1], hello[2]);
		this.#opened();
		// A server that does not speak the protocol sends no hello: its first message is the application's.
		if (hello === null) this.#deliver(event.data, event.origin);
	}

	#startSession(id, secret) {
		this.#session = { id, secret };
		this.#protocol = true;
		this.#receivedCount = 0;
		this.#acknowledgedCount = 0;
		this.#keptFrom = 0;
	}

	#forgetSession() {
		this.#session = null;
		this.#kept = [];
	}

	// Control messages the client does not know are not the page's either: a later version may send them.
	#control(data) {
		const [word, argument] = data.slice(1).split(' ');
		if (word === 'ack') this.#dropCopies(Number(argument));
		if (word === 'resumed' && this.#awaiting === 'resumed') this.#resumed(Number(argument));
	}

	#dropCopies(acknowledged) {
		this.#kept.splice(0, acknowledged - this.#keptFrom);
		this.#keptFrom = acknowledged;
	}

	// What the server missed goes out before anything the handlers or the queue send, in the order it was sent.
	#resumed(received) {
		this.#awaiting = null;
		this.#dropCopies(received);
		for (const wire of this.#kept) this.#socket.send(wire);
		this.#opened(true);
	}

	#count() {
		this.#receivedCount += 1;
		if (this.#receivedCount - this.#acknowledgedCount >= ACK_EVERY) {
			this.#acknowledge();
			return;
		}
		this.#ackTimer ??= this.#setTimeout(() => this.#acknowledge(), ACK_WITHIN);
	}

	#acknowledge() {
		this.#stopAckTimer();
		// After the page's close() the server is told it is over; it needs no count.
		if (this.#readyState !== OPEN) return;
		this.#acknowledgedCount = this.#receivedCount;
		this.#socket.send(`${NUL}ack ${this.#receivedCount}`);
	}

	#stopAckTimer() {
		this.#clearTimeout(this.#ackTimer);
		this.#ackTimer = null;
	}

	// Lets go of the current socket: its late events must not reach the page.
	#release() {
		const socket = this.#socket;
		socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
		this.#socket = null;
		this.#stopLiveness();
		this.#stopAckTimer();
		this.#clearTimeout(this.#resetTimer);
		this.#resetTimer = null;
		return socket;
	}

	#dropped(code, reason, wasClean) {
		const { finalCodes, maxAttempts } = this.#options;
		const refused = code === RESUME_REFUSED && this.#awaiting === 'resumed';
		if (this.#closedByPage || finalCodes.includes(code) || this.#attempts >= maxAttempts) {
			this.#end(code, reason, wasClean);
			return;
		}
		// A 1013 socket was refused: its server object never read what the queue handed it, so it goes again.
		if (code === TRY_AGAIN_LATER) this.#queue = [...this.#flushedIntoCurrent, ...this.#queue];
		this.#flushedIntoCurrent = [];
		this.#attempts += 1;
		const attempt = this.#attempts;
		// A refused resume leaves nothing to wait for: the fresh socket the page needs can start now.
		const delay = refused ? 0 : this.#delayFor(attempt, code, reason);
		this.#readyState = CONNECTING;
		this.#retryTimer = this.#setTimeout(() => this.#retry(), delay);
		// The server's "try again in" stands even if the network or the page wakes up sooner.
		if (code !== TRY_AGAIN_LATER) this.#listenForWake(true);
		this.#emit(closeEvent(code, reason, wasClean, true));
		// A close handler may have ended it for good.
		if (this.#retryTimer !== null) {
			this.#emit(new CustomEvent('reconnecting', { detail: { attempt, delay, code, reason } }));
		}
		if (refused && this.#retryTimer !== null) this.#wake();
	}

	#delayFor(attempt, code, reason) {
		const { minDelay, maxDelay, factor } = this.#options;
		const backoff = this.#random() * Math.min(maxDelay, minDelay * factor ** (attempt - 1));
		if (code !== TRY_AGAIN_LATER) return backoff;
		const seconds = TRY_AGAIN_REASON.exec(reason)?.[1];
		if (seconds === undefined) return backoff;
		// The jitter on top spreads out a crowd the server sent away with the same delay.
		return Number(seconds) * 1000 + backoff;
	}

	#retry() {
		this.#retryTimer = null;
		this.#listenForWake(false);
		this.#connect();
	}

	// The network is back or the page is looked at: a pending back-off only wastes the user's time.
	#wake() {
		this.#clearTimeout(this.#retryTimer);
		this.#retry();
	}

	#stopWaiting() {
		this.#clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		this.#listenForWake(false);
	}

	#listenForWake(listen) {
		if (this.#environment === null || listen === this.#listeningForWake) return;
		this.#listeningForWake = listen;
		const method = listen ? 'addEventListener' : 'removeEventListener';
		this.#environment[method]('online', this.#onOnline);
		this.#environment[method]('visibilitychange', this.#onVisibilityChange);
	}

	#end(code, reason, wasClean) {
		this.#readyState = CLOSED;
		this.#queue = [];
		this.#emit(closeEvent(code, reason, wasClean, false));
	}

	#restartLiveness() {
		const timeout = this.#options.livenessTimeout;
		if (timeout === 0) return;
		this.#stopLiveness();
		this.#livenessTimer = this.#setTimeout(() => this.#silent(timeout), timeout);
	}

	#stopLiveness() {
		this.#clearTimeout(this.#livenessTimer);
		this.#livenessTimer = null;
	}

	// A dead network can hold a close handshake for minutes, so the client does not wait for it.
	#silent(timeout) {
		const reason = `No message for ${timeout} ms`;
		this.#release().close(LIVENESS_CLOSE_CODE, reason);
		this.#dropped(LIVENESS_CLOSE_CODE, reason, false);
	}
}

// Browsers before 2024 take only absolute ws: and wss: URLs; this lets a page name its server by path anywhere.
function absolute(url) {
	const page = globalThis.location?.href;
	if (page === undefined) return url;
	const resolved = new URL(url, page);
	resolved.protocol = resolved.protocol.replace(/^http/, 'ws');
	return resolved.href;
}

// Adds query parameters, keeping the URL's own and its fragment.
function withParameters(url, parameters) {
	const hashAt = url.indexOf('#');
	const base = hashAt === -1 ? url : url.slice(0, hashAt);
	const hash = hashAt === -1 ? '' : url.slice(hashAt);
	const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
	return `${base}${separator}${parameters}${hash}`;
}

// online comes to the window (or a worker's global), visibilitychange to the document; Node has neither.
function browserEnvironment() {
	const document = globalThis.document;
	const targets = { online: globalThis, visibilitychange: document };
	const call = (method, type, listener) => {
		const target = targets[type];
		if (typeof target?.[method] === 'function') target[method](type, listener);
	};
	return {
		addEventListener: (type, listener) => call('addEventListener', type, listener),
		removeEventListener: (type, listener) => call('removeEventListener', type, listener),
		isVisible: () => document === undefined || document.visibilityState === 'visible',
	};
}

// A WebSocket's close() throws for these; checking first keeps a close() while waiting just as strict.
function checkCloseArguments(code, reason) {
	if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
		throw new DOMException(`The close code must be 1000 or in 3000-4999, not ${code}`, 'InvalidAccessError');
	}
	if (reason !== undefined && byteLength(String(reason)) > 123) {
		throw new DOMException('The close reason must be at most 123 bytes of UTF-8', 'SyntaxError');
	}
}

function byteLength(data) {
	if (typeof data === 'string') return new TextEncoder().encode(data).length;
	return data.byteLength ?? data.size ?? 0;
}

function closeEvent(code, reason, wasClean, willReconnect) {
	return withFields(new Event('close'), { code, reason, wasClean, willReconnect });
}

// Plain Events with fields: CloseEvent and MessageEvent do not exist everywhere this runs (Node 20).
function withFields(event, fields) {
	return Object.assign(event, fields);
}
