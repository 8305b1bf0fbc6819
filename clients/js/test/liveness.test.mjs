import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

test('A socket silent for livenessTimeout is closed with 4000 "No message for N ms" and the client reconnects', () => {
	const h = harness({ livenessTimeout: 20_000 });
	h.socket.open();
	h.timers.advance(19_999);
	assert.deepEqual(h.socket.closeCalls, []);
	h.timers.advance(1);
	assert.deepEqual(h.socket.closeCalls, [{ code: 4000, reason: 'No message for 20000 ms' }]);
	const close = h.eventsOf('close').at(-1);
	assert.deepEqual(
		{ code: close.code, reason: close.reason, wasClean: close.wasClean, willReconnect: close.willReconnect },
		{ code: 4000, reason: 'No message for 20000 ms', wasClean: false, willReconnect: true });
	h.timers.advance(h.lastDelay);
	assert.equal(h.sockets.length, 2);
});

test('Each message restarts the liveness timeout', () => {
	const h = harness({ livenessTimeout: 20_000 });
	h.socket.open();
	h.timers.advance(15_000);
	h.socket.receive('tick');
	h.timers.advance(15_000);
	assert.deepEqual(h.socket.closeCalls, []);
	h.timers.advance(5_000);
	assert.equal(h.socket.closeCalls.length, 1);
});

test('The client does not wait for the silent socket\'s close handshake, and ignores its late events', () => {
	const h = harness({ livenessTimeout: 20_000 });
	const silent = h.socket;
	silent.open();
	h.timers.advance(20_000);
	assert.equal(h.client.readyState, h.client.CONNECTING);
	silent.receive('late');
	silent.drop(1006);
	assert.equal(h.eventsOf('close').length, 1);
	assert.equal(h.eventsOf('message').length, 0);
});

test('A handshake that hangs for livenessTimeout is abandoned too', () => {
	const h = harness({ livenessTimeout: 20_000 });
	h.timers.advance(20_000);
	assert.deepEqual(h.socket.closeCalls, [{ code: 4000, reason: 'No message for 20000 ms' }]);
	assert.equal(h.eventsOf('reconnecting').length, 1);
});

test('Without livenessTimeout a silent socket stays open', () => {
	const h = harness();
	h.socket.open();
	h.timers.advance(3_600_000);
	assert.deepEqual(h.socket.closeCalls, []);
	assert.equal(h.client.readyState, h.client.OPEN);
});

test('close() by the page stops the liveness timeout', () => {
	const h = harness({ livenessTimeout: 20_000 });
	h.socket.open();
	h.client.close(1000, 'bye');
	h.timers.advance(60_000);
	assert.deepEqual(h.socket.closeCalls, [{ code: 1000, reason: 'bye' }]);
});
