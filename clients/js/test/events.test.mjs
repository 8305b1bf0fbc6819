import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CspWebSocket } from '../client.js';
import { harness } from '../test-support/fakes.mjs';

const fields = (event, ...names) => Object.fromEntries(names.map((name) => [name, event[name]]));

test('The readyState constants are the WebSocket\'s, on the class and on instances', () => {
	const h = harness();
	for (const [name, value] of Object.entries({ CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 })) {
		assert.equal(CspWebSocket[name], value);
		assert.equal(h.client[name], value);
	}
});

test('readyState goes CONNECTING, OPEN, CONNECTING while away, OPEN, CLOSING on close(), CLOSED', () => {
	const h = harness();
	const states = [h.client.readyState];
	h.socket.open();
	states.push(h.client.readyState);
	h.socket.drop(1006);
	states.push(h.client.readyState);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	states.push(h.client.readyState);
	h.client.close();
	states.push(h.client.readyState);
	h.socket.drop(1005);
	states.push(h.client.readyState);
	assert.deepEqual(states, [0, 1, 0, 1, 2, 3]);
});

test('open fires for every connection, and reconnected follows it for each reopen with the attempt number', () => {
	const h = harness();
	h.socket.open();
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	assert.deepEqual(h.events.map((event) => event.type),
		['open', 'close', 'reconnecting', 'close', 'reconnecting', 'open', 'reconnected']);
	const reconnected = h.eventsOf('reconnected')[0];
	assert.ok(reconnected instanceof CustomEvent);
	assert.deepEqual(reconnected.detail, { attempt: 2 });
});

test('A close event carries code, reason, wasClean and willReconnect', () => {
	const h = harness();
	h.socket.open();
	h.socket.drop(1012, 'Service restart', true);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	h.socket.drop(1000, 'Bye', true);
	assert.deepEqual(h.eventsOf('close').map((event) => fields(event, 'code', 'reason', 'wasClean', 'willReconnect')), [
		{ code: 1012, reason: 'Service restart', wasClean: true, willReconnect: true },
		{ code: 1000, reason: 'Bye', wasClean: true, willReconnect: false },
	]);
});

test('reconnecting follows the close event with the attempt, the delay and the close that caused it', () => {
	const h = harness({ random: () => 0.5 });
	h.socket.open();
	h.socket.drop(1001, 'Server shutting down', true);
	const reconnecting = h.eventsOf('reconnecting')[0];
	assert.ok(reconnecting instanceof CustomEvent);
	assert.deepEqual(reconnecting.detail, { attempt: 1, delay: 250, code: 1001, reason: 'Server shutting down' });
	assert.deepEqual(h.timers.pending, [250]);
});

test('A message event carries the data and origin', () => {
	const h = harness();
	h.socket.open();
	h.socket.receive('hello');
	assert.deepEqual(fields(h.eventsOf('message')[0], 'type', 'data', 'origin'),
		{ type: 'message', data: 'hello', origin: 'ws://server.test' });
});

test('An error from the socket reaches the page as an error event', () => {
	const h = harness();
	h.socket.fail();
	assert.equal(h.eventsOf('error').length, 1);
});

test('on-properties work like a WebSocket\'s: the last one set handles the event, and null removes it', () => {
	const h = harness();
	const calls = [];
	h.client.onopen = () => calls.push('first');
	h.client.onopen = function (event) {
		calls.push(`second on ${event.type}, this is the client: ${this === h.client}`);
	};
	assert.equal(typeof h.client.onopen, 'function');
	h.client.onmessage = () => calls.push('message');
	h.client.onmessage = null;
	h.socket.open();
	h.socket.receive('ignored');
	assert.deepEqual(calls, ['second on open, this is the client: true']);
	assert.equal(h.client.onmessage, null);
});

test('Every event has its on-property', () => {
	const h = harness();
	const seen = [];
	for (const type of ['open', 'message', 'close', 'error', 'reconnecting', 'reconnected']) {
		h.client[`on${type}`] = (event) => seen.push(event.type);
	}
	h.socket.open();
	h.socket.receive('x');
	h.socket.fail();
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	assert.deepEqual(seen, ['open', 'message', 'error', 'close', 'reconnecting', 'open', 'reconnected']);
});

test('protocols go to every socket, and protocol reports the one the server chose', () => {
	const h = harness({ protocols: ['chat.v2', 'chat.v1'] });
	assert.deepEqual(h.socket.protocols, ['chat.v2', 'chat.v1']);
	h.socket.open('chat.v2');
	assert.equal(h.client.protocol, 'chat.v2');
	h.socket.drop(1006);
	assert.equal(h.client.protocol, '');
	h.timers.advance(h.lastDelay);
	assert.deepEqual(h.socket.protocols, ['chat.v2', 'chat.v1']);
});

test('binaryType applies to the current socket and to every later one', () => {
	const h = harness();
	assert.equal(h.client.binaryType, 'blob');
	h.client.binaryType = 'arraybuffer';
	assert.equal(h.socket.binaryType, 'arraybuffer');
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	assert.equal(h.socket.binaryType, 'arraybuffer');
});

test('A constructor option that is no WebSocket class is refused with a word on the option', () => {
	assert.throws(() => harness({ WebSocket: 'not a class' }), /pass one as the WebSocket option/);
});
