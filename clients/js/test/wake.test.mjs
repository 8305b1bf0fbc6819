import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

// Node has neither window nor document; Chromium (test-support/chromium.mjs) has both.
const inBrowser = globalThis.document !== undefined;

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

test('Without window or document (Node) the default environment listens for nothing and reconnects',
	{ skip: inBrowser && 'a page has a window and a document' }, () => {
	const h = harness({ environment: undefined });
	h.socket.drop(1006);
	h.timers.advance(500);
	assert.equal(h.sockets.length, 2);
	h.client.close();
});

test('On a page, the window coming online reconnects at once', { skip: !inBrowser && 'needs a page' }, () => {
	const h = harness({ environment: undefined });
	h.socket.open();
	h.socket.drop(1006);
	globalThis.dispatchEvent(new Event('online'));
	assert.equal(h.sockets.length, 2);
	assert.deepEqual(h.timers.pending, []);
	h.client.close();
});

test('On a page, the document becoming visible reconnects at once', { skip: !inBrowser && 'needs a page' }, () => {
	const h = harness({ environment: undefined });
	h.socket.open();
	h.socket.drop(1006);
	assert.equal(document.visibilityState, 'visible');
	document.dispatchEvent(new Event('visibilitychange'));
	assert.equal(h.sockets.length, 2);
	h.client.close();
});
