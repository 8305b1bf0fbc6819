import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

test('send() while open hands the message to the socket', () => {
	const h = harness();
	h.socket.open();
	h.client.send('hello');
	assert.deepEqual(h.socket.sent, ['hello']);
});

test('send() before the first open throws an Error saying the socket is connecting and how to queue', () => {
	const h = harness();
	assert.throws(() => h.client.send('hello'), (error) => {
		assert.ok(error instanceof Error);
		assert.equal(error.name, 'InvalidStateError');
		assert.match(error.message, /CspWebSocket is connecting/);
		assert.match(error.message, /queueWhileAway: N/);
		return true;
	});
});

test('send() while away throws an Error saying the socket is reconnecting and how to queue', () => {
	const h = harness();
	h.socket.open();
	h.socket.drop(1006);
	assert.throws(() => h.client.send('hello'), /CspWebSocket is reconnecting: .*'reconnected'.*queueWhileAway: N/);
});

test('send() after the end throws an Error saying the socket is closed', () => {
	const h = harness();
	h.socket.open();
	h.socket.drop(1000);
	assert.throws(() => h.client.send('hello'), /CspWebSocket is closed/);
});

test('queueWhileAway N queues up to N messages and throws past the bound', () => {
	const h = harness({ queueWhileAway: 3 });
	h.socket.open();
	h.socket.drop(1006);
	h.client.send('a');
	h.client.send('b');
	h.client.send('c');
	assert.throws(() => h.client.send('d'), /queue is full: 3 messages/);
});

test('Queued messages go out in order once the socket reopens, and the queue takes N more', () => {
	const h = harness({ queueWhileAway: 3 });
	h.client.send('a');
	h.client.send('b');
	h.client.send('c');
	h.socket.open();
	assert.deepEqual(h.socket.sent, ['a', 'b', 'c']);
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.client.send('d');
	h.client.send('e');
	h.client.send('f');
	h.socket.open();
	assert.deepEqual(h.socket.sent, ['d', 'e', 'f']);
});

test('What the reconnected handler sends goes ahead of the queue', () => {
	const h = harness({ queueWhileAway: 10 });
	h.socket.open();
	h.socket.drop(1006);
	h.client.send('typed while away');
	h.client.onreconnected = () => h.client.send('rejoin');
	h.timers.advance(h.lastDelay);
	h.socket.open();
	assert.deepEqual(h.socket.sent, ['rejoin', 'typed while away']);
});

test('bufferedAmount counts the socket\'s buffer and the queued bytes', () => {
	const h = harness({ queueWhileAway: 10 });
	h.client.send('héllo');
	h.client.send(new ArrayBuffer(4));
	h.client.send(new Uint8Array(3));
	assert.equal(h.client.bufferedAmount, 6 + 4 + 3);
	h.socket.open();
	h.socket.bufferedAmount = 42;
	assert.equal(h.client.bufferedAmount, 42);
});

test('Queued messages are dropped when the client ends for good', () => {
	const h = harness({ queueWhileAway: 10 });
	h.client.send('never sent');
	h.client.close();
	h.socket.drop(1006);
	assert.equal(h.client.bufferedAmount, 0);
	assert.deepEqual(h.socket.sent, []);
});
