import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

const fields = (event) => ({
	code: event.code, reason: event.reason, wasClean: event.wasClean, willReconnect: event.willReconnect,
});

test('close() by the page closes the socket with its code and reason, and never reconnects', () => {
	const h = harness();
	h.socket.open();
	h.client.close(1000, 'Bye');
	assert.deepEqual(h.socket.closeCalls, [{ code: 1000, reason: 'Bye' }]);
	assert.equal(h.eventsOf('close').length, 0);
	h.socket.drop(1000, 'Bye', true);
	assert.deepEqual(fields(h.eventsOf('close')[0]), { code: 1000, reason: 'Bye', wasClean: true, willReconnect: false });
	assert.equal(h.client.readyState, h.client.CLOSED);
});

test('After close() by the page even a retry code does not bring the client back', () => {
	const h = harness();
	h.socket.open();
	h.client.close();
	h.socket.drop(1006);
	assert.equal(h.eventsOf('close')[0].willReconnect, false);
	h.timers.advance(3_600_000);
	assert.equal(h.sockets.length, 1);
});

test('close() while a reconnect is pending cancels it and ends the client with a final close event', () => {
	const h = harness();
	h.socket.open();
	h.socket.drop(1006);
	h.client.close(4001, 'User logged out');
	assert.deepEqual(h.timers.pending, []);
	assert.equal(h.client.readyState, h.client.CLOSED);
	assert.deepEqual(fields(h.eventsOf('close').at(-1)),
		{ code: 4001, reason: 'User logged out', wasClean: true, willReconnect: false });
	h.environment.fire('online');
	h.timers.advance(3_600_000);
	assert.equal(h.sockets.length, 1);
});

test('close() with no code while a reconnect is pending reports 1005, as a WebSocket does', () => {
	const h = harness();
	h.socket.drop(1006);
	h.client.close();
	assert.deepEqual(fields(h.eventsOf('close').at(-1)), { code: 1005, reason: '', wasClean: true, willReconnect: false });
});

test('close() in a close handler stops the reconnect before it is announced', () => {
	const h = harness();
	h.client.onclose = (event) => {
		if (event.willReconnect) h.client.close();
	};
	h.socket.open();
	h.socket.drop(1006);
	assert.deepEqual(h.events.map((event) => event.type), ['open', 'close', 'close']);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, false);
	assert.deepEqual(h.timers.pending, []);
});

test('close() a second time does nothing', () => {
	const h = harness();
	h.socket.drop(1006);
	h.client.close();
	h.client.close();
	assert.equal(h.eventsOf('close').length, 2);
});

test('close() refuses the codes and reasons a WebSocket refuses, even with no socket to ask', () => {
	const h = harness();
	h.socket.drop(1006);
	assert.throws(() => h.client.close(1001), { name: 'InvalidAccessError' });
	assert.throws(() => h.client.close(1000, 'x'.repeat(124)), { name: 'SyntaxError' });
	assert.equal(h.client.readyState, h.client.CONNECTING);
});
