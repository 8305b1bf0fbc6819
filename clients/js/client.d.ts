/// <reference lib="dom" />

/**
 * The browser client of csp-websocket-spring-boot: a WebSocket that reconnects.
 *
 * It has the browser WebSocket's shape (`send`, `close`, `readyState`, `bufferedAmount`, `url`, `protocol`,
 * `binaryType`, the `open`/`message`/`close`/`error` events), so a page can swap it in; it reconnects with
 * capped, fully jittered back-off unless a close means "do not come back" (see {@link CspWebSocketOptions.finalCodes}).
 *
 * @packageDocumentation
 */

/** Where the client learns that the network is back or the page is looked at again. */
export interface CspWebSocketEnvironment {
	/** Called with `'online'` and `'visibilitychange'` when the client starts waiting to reconnect. */
	addEventListener(type: 'online' | 'visibilitychange', listener: () => void): void;
	/** Called with the same arguments when the client stops waiting. */
	removeEventListener(type: 'online' | 'visibilitychange', listener: () => void): void;
	/** Whether the page is visible now; asked on each `visibilitychange`. */
	isVisible(): boolean;
}

/** How a {@link CspWebSocket} connects and comes back. Every field is optional. */
export interface CspWebSocketOptions {
	/** Subprotocols to offer on every connection, as the WebSocket constructor's second argument. */
	protocols?: string | string[];
	/**
	 * The WebSocket class to connect with.
	 * @defaultValue `globalThis.WebSocket`
	 */
	WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
	/**
	 * The back-off bound of the first reconnect, in ms. Attempt n (from 1) waits
	 * `random() * min(maxDelay, minDelay * factor ** (n - 1))`.
	 * @defaultValue 500
	 */
	minDelay?: number;
	/**
	 * The most the back-off bound grows to, in ms. A 1013 close's delay may exceed it.
	 * @defaultValue 30000
	 */
	maxDelay?: number;
	/**
	 * How much the back-off bound grows per attempt.
	 * @defaultValue 2
	 */
	factor?: number;
	/**
	 * The jitter source, returning a number in [0, 1).
	 * @defaultValue `Math.random`
	 */
	random?: () => number;
	/** Replaces `globalThis.setTimeout` for every timer the client sets (tests inject fake timers). */
	setTimeout?: (callback: () => void, ms: number) => unknown;
	/** Replaces `globalThis.clearTimeout`; given what {@link setTimeout} returned. */
	clearTimeout?: (id: any) => void;
	/**
	 * How many reconnects in a row may fail before the client gives up (its `close` event then has
	 * `willReconnect: false`). `0` never reconnects.
	 * @defaultValue Infinity
	 */
	maxAttempts?: number;
	/**
	 * How long a connection must live, in ms, for the attempt count (and so the back-off) to start again.
	 * @defaultValue 10000
	 */
	resetAfter?: number;
	/**
	 * Close codes that end the client for good. Any other code reconnects: 1001 going away, 1005, 1006
	 * abnormal, 1011, 1012 restart, 1013 try again later, 1014, 4000 liveness, application codes.
	 * The default: 1000 (the server's `endServer()`), 1002, 1003, 1007, 1008 (a policy close: the HTTP session
	 * ended, an administrator, a slow consumer), 1009, 1010.
	 * @defaultValue [1000, 1002, 1003, 1007, 1008, 1009, 1010]
	 */
	finalCodes?: readonly number[];
	/**
	 * How many messages `send()` may queue while the socket is not open; they go out in order when it opens,
	 * after what the `open` and `reconnected` handlers send. `0` makes `send()` throw while not open.
	 * What the queue handed to a socket the server then closed with 1013 is queued again, first.
	 * The queue is dropped when the client ends for good.
	 * @defaultValue 0
	 */
	queueWhileAway?: number;
	/**
	 * When nothing arrives for this many ms (counted from each connection attempt, its opening and each
	 * message), close the socket with 4000 `No message for N ms` and reconnect: a browser never sees pings,
	 * so the server must send something more often than this. `0` turns it off.
	 * @defaultValue 0
	 */
	livenessTimeout?: number;
	/**
	 * Where `online` and `visibilitychange` come from; while waiting to reconnect (except after a 1013) either
	 * one, with the page visible for the latter, reconnects at once. `null` turns this off.
	 * @defaultValue `online` on `globalThis`, `visibilitychange` on `document`, where they exist
	 */
	environment?: CspWebSocketEnvironment | null;
	/**
	 * Speak the resume protocol: after a drop without a close frame, resume the same server socket, losing nothing.
	 * @defaultValue false
	 */
	resume?: boolean;
	/**
	 * The most unacknowledged messages kept for a resume; past it the next drop connects afresh.
	 * @defaultValue 1000
	 */
	resumeBuffer?: number;
}

/** A `message` event: a plain `Event` with the fields of a `MessageEvent` that a WebSocket sets. */
export interface CspWebSocketMessageEvent extends Event {
	readonly type: 'message';
	/** A string, or a `Blob` or `ArrayBuffer` as {@link CspWebSocket.binaryType} says. */
	readonly data: any;
	/** The origin of the server. */
	readonly origin: string;
}

/** A `close` event: fired when each connection ends, and when the page's `close()` ends a pending reconnect. */
export interface CspWebSocketCloseEvent extends Event {
	readonly type: 'close';
	/** The close code; 1005 for a `close()` with no code, 1006 for a connection lost or never made. */
	readonly code: number;
	readonly reason: string;
	readonly wasClean: boolean;
	/** `true` when the client will reconnect (a `reconnecting` event follows); `false` when it has ended for good. */
	readonly willReconnect: boolean;
}

/** What a `reconnecting` event says. */
export interface CspWebSocketReconnectingDetail {
	/** The attempt about to be made, from 1; starts again after a connection that lived `resetAfter`. */
	readonly attempt: number;
	/** How long the client waits before it, in ms. */
	readonly delay: number;
	/** The close code that caused it. */
	readonly code: number;
	/** The close reason that caused it. */
	readonly reason: string;
}

/** What a `reconnected` event says. */
export interface CspWebSocketReconnectedDetail {
	/** The attempt that succeeded, from 1. */
	readonly attempt: number;
	/** With the `resume` option: `true` if nothing was lost; `false` for a new server socket, to register again. */
	readonly resumed?: boolean;
}

export interface CspWebSocketEventMap {
	/** Each connection opened; for a reopen, `reconnected` follows. */
	open: Event;
	message: CspWebSocketMessageEvent;
	/** An error on the socket; a `close` follows. */
	error: Event;
	close: CspWebSocketCloseEvent;
	/** After a `close` with `willReconnect: true`: when and why the next attempt comes. */
	reconnecting: CustomEvent<CspWebSocketReconnectingDetail>;
	/** After the `open` of each connection but the first: the place for a page to rejoin, unless `detail.resumed`. */
	reconnected: CustomEvent<CspWebSocketReconnectedDetail>;
}

/**
 * A WebSocket that reconnects. Connects at once; `close()` ends it for good.
 *
 * Its URL gets the query parameter `csp-try-again=1`, which tells the server it may accept a handshake over a
 * limit and close it at once with 1013 and the reason `Try again in <seconds> s`; the client then waits at
 * least that long. With {@link CspWebSocketOptions.resume} it also gets `csp-resume=1`, and after a drop
 * `csp-resume-id=<id>`.
 */
export declare class CspWebSocket extends EventTarget {
	static readonly CONNECTING: 0;
	static readonly OPEN: 1;
	static readonly CLOSING: 2;
	static readonly CLOSED: 3;
	readonly CONNECTING: 0;
	readonly OPEN: 1;
	readonly CLOSING: 2;
	readonly CLOSED: 3;

	/**
	 * @param url The server's URL: `wss://host/csp/user/MyApp.ChatServer.cls`, or on a page a path such as
	 *   `/csp/user/MyApp.ChatServer.cls`, resolved against the page's URL.
	 * @throws TypeError when there is no WebSocket class to connect with.
	 */
	constructor(url: string | URL, options?: CspWebSocketOptions);

	/**
	 * The URL as given, made absolute against the page's where there is a page (`http:` becoming `ws:` and
	 * `https:` `wss:`), without the `csp-try-again` and `csp-resume` parameters.
	 */
	readonly url: string;
	/** `CONNECTING` while connecting and while waiting to reconnect; `CLOSED` only once it has ended for good. */
	readonly readyState: 0 | 1 | 2 | 3;
	/** The subprotocol the server chose for the current connection; `''` while there is none. */
	readonly protocol: string;
	/** The extensions of the current connection; `''` while there is none. */
	readonly extensions: string;
	/** Bytes that `send()` accepted and that have not gone out: the socket's buffer and the queue. */
	readonly bufferedAmount: number;
	/** Applies to the current socket and to every later one. */
	binaryType: BinaryType;

	onopen: ((this: CspWebSocket, event: Event) => any) | null;
	onmessage: ((this: CspWebSocket, event: CspWebSocketMessageEvent) => any) | null;
	onerror: ((this: CspWebSocket, event: Event) => any) | null;
	onclose: ((this: CspWebSocket, event: CspWebSocketCloseEvent) => any) | null;
	onreconnecting: ((this: CspWebSocket, event: CustomEvent<CspWebSocketReconnectingDetail>) => any) | null;
	onreconnected: ((this: CspWebSocket, event: CustomEvent<CspWebSocketReconnectedDetail>) => any) | null;

	/**
	 * Sends while open; otherwise queues, up to {@link CspWebSocketOptions.queueWhileAway} messages. With
	 * {@link CspWebSocketOptions.resume} binary data is kept by reference until the server acknowledges it: do not
	 * change it after sending.
	 * @throws DOMException `InvalidStateError` while not open and the queue is off or full, and once closed.
	 */
	send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void;

	/**
	 * Ends the client for good, also while it waits to reconnect. A `close` event with `willReconnect: false`
	 * follows: once the socket has closed, or at once when there is none.
	 * @param code 1000 or 3000-4999.
	 * @param reason At most 123 bytes of UTF-8.
	 * @throws DOMException `InvalidAccessError` for another code, `SyntaxError` for a longer reason.
	 */
	close(code?: number, reason?: string): void;

	addEventListener<K extends keyof CspWebSocketEventMap>(
		type: K,
		listener: (this: CspWebSocket, event: CspWebSocketEventMap[K]) => any,
		options?: boolean | AddEventListenerOptions,
	): void;
	addEventListener(
		type: string,
		listener: EventListenerOrEventListenerObject | null,
		options?: boolean | AddEventListenerOptions,
	): void;
	removeEventListener<K extends keyof CspWebSocketEventMap>(
		type: K,
		listener: (this: CspWebSocket, event: CspWebSocketEventMap[K]) => any,
		options?: boolean | EventListenerOptions,
	): void;
	removeEventListener(
		type: string,
		listener: EventListenerOrEventListenerObject | null,
		options?: boolean | EventListenerOptions,
	): void;
}
