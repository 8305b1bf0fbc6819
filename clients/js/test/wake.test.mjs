import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CspWebSocket } from '../client.js';
import { fakeWebSocketClass, FakeTimers, harness } from '../test-support/fakes.mjs';

test('Coming back online reconnects at once and cancels the pending back-off', () => {
	const h = harness();
	h.socket.open();
	h.socket.drop(1006);
	h.environment.fire('online');
	assert.equal(h.sockets.length, 2);
	assert.deepEqual(h.timers.pending, []);
	h.timers.advance(h.lastDelay);
	assert.equal(h.sockets.length, 2);
});

test('The page becoming visible reconnects at once', () => {
	const h = harness();
	h.socket.drop(1006);
	h.environment.visible = true;
	h.environment.fire('visibilitychange');
	assert.equal(h.sockets.length, 2);
	assert.deepEqual(h.timers.pending, []);
});

test('The page becoming hidden does not hurry the reconnect', () => {
	const h = harness();
	h.socket.drop(1006);
	h.environment.visible = false;
	h.environment.fire('visibilitychange');
	assert.equal(h.sockets.length, 1);
	h.timers.advance(h.lastDelay);
	assert.equal(h.sockets.length, 2);
});

test('The client listens for online and visibilitychange only while it waits to reconnect', () => {
	const h = harness();
	assert.equal(h.environment.listenerCount, 0);
	h.socket.open();
	h.socket.drop(1006);
	assert.equal(h.environment.listenerCount, 2);
	h.timers.advance(h.lastDelay);
	assert.equal(h.environment.listenerCount, 0);
	h.socket.drop(1006);
	h.client.close();
	assert.equal(h.environment.listenerCount, 0);
});

test('environment: null turns the wake-ups off and the back-off still reconnects', () => {
	const h = harness({ environment: null });
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	assert.equal(h.sockets.length, 2);
});

test('Without window or document (Node) the default environment listens for nothing and reconnects', () => {
	const sockets = [];
	const timers = new FakeTimers();
	const client = new CspWebSocket('ws://server.test/csp/user/MyApp.ChatServer.cls', {
		WebSocket: fakeWebSocketClass(sockets),
		setTimeout: timers.setTimeout,
		clearTimeout: timers.clearTimeout,
		random: () => 1,
	});
	sockets[0].drop(1006);
	timers.advance(500);
	assert.equal(sockets.length, 2);
	client.close();
});
