// Fakes for the client's collaborators: a WebSocket the test drives by hand, timers that run only when the
// test advances the clock, a random() that returns what the test says, and an environment for online and
// visibilitychange. Nothing here sleeps.

import { CspWebSocket } from '../client.js';

class FakeTimers {
	now = 0;
	#nextId = 1;
	#timers = new Map();

	setTimeout = (callback, delay) => {
		const id = this.#nextId++;
		this.#timers.set(id, { callback, at: this.now + delay, delay });
		return id;
	};

	clearTimeout = (id) => {
		this.#timers.delete(id);
	};

	/** The delays of the timers still pending, in the order they were set. */
	get pending() {
		return [...this.#timers.values()].map((timer) => timer.delay);
	}

	/** Moves the clock on by ms, running every timer that falls due on the way, in order. */
	advance(ms) {
		const until = this.now + ms;
		for (let next = this.#due(until); next; next = this.#due(until)) {
			this.#timers.delete(next.id);
			this.now = next.at;
			next.callback();
		}
		this.now = until;
	}

	#due(until) {
		let first;
		for (const [id, timer] of this.#timers) {
			if (timer.at <= until && (!first || timer.at < first.at)) first = { id, ...timer };
		}
		return first;
	}
}

class FakeEnvironment {
	visible = true;
	listeners = { online: new Set(), visibilitychange: new Set() };

	addEventListener(type, listener) {
		this.listeners[type].add(listener);
	}

	removeEventListener(type, listener) {
		this.listeners[type].delete(listener);
	}

	isVisible() {
		return this.visible;
	}

	get listenerCount() {
		return this.listeners.online.size + this.listeners.visibilitychange.size;
	}

	fire(type) {
		for (const listener of [...this.listeners[type]]) listener(new Event(type));
	}
}

/** A WebSocket class whose instances land in the given array, for the test to open, feed and drop. */
function fakeWebSocketClass(sockets) {
	return class FakeWebSocket {
		readyState = 0;
		protocol = '';
		extensions = '';
		bufferedAmount = 0;
		binaryType = 'blob';
		sent = [];
		closeCalls = [];
		onopen = null;
		onmessage = null;
		onerror = null;
		onclose = null;

		constructor(url, protocols) {
			this.url = url;
			this.protocols = protocols;
			sockets.push(this);
		}

		send(data) {
			if (this.readyState !== 1) throw new Error(`send() on a fake socket in state ${this.readyState}`);
			this.sent.push(data);
		}

		close(code, reason) {
			this.closeCalls.push({ code, reason });
			this.readyState = 2;
		}

		open(protocol = '') {
			this.readyState = 1;
			this.protocol = protocol;
			this.onopen?.(new Event('open'));
		}

		receive(data) {
			this.onmessage?.(Object.assign(new Event('message'), { data, origin: 'ws://server.test' }));
		}

		fail() {
			this.onerror?.(new Event('error'));
		}

		drop(code, reason = '', wasClean = code !== 1006) {
			this.readyState = 3;
			this.onclose?.(Object.assign(new Event('close'), { code, reason, wasClean }));
		}
	};
}

/** A client wired to fakes, with the options under test; random() is 1 unless the test says otherwise. */
export function harness(options = {}) {
	const sockets = [];
	const timers = new FakeTimers();
	const environment = new FakeEnvironment();
	const client = new CspWebSocket(options.url ?? 'ws://server.test/csp/user/MyApp.ChatServer.cls', {
		WebSocket: fakeWebSocketClass(sockets),
		setTimeout: timers.setTimeout,
		clearTimeout: timers.clearTimeout,
		random: () => 1,
		environment,
		...options,
	});
	const events = [];
	for (const type of ['open', 'message', 'close', 'error', 'reconnecting', 'reconnected']) {
		client.addEventListener(type, (event) => events.push(event));
	}
	return {
		client,
		sockets,
		timers,
		environment,
		events,
		get socket() {
			return sockets.at(-1);
		},
		eventsOf(type) {
			return events.filter((event) => event.type === type);
		},
		/** The delay of the reconnecting event last fired. */
		get lastDelay() {
			return this.eventsOf('reconnecting').at(-1).detail.delay;
		},
	};
}
