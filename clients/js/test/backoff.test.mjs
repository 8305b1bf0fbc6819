import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

// Drops the current socket before it opens and lets the back-off run out, so the next attempt starts.
function failAttempt(h, code = 1006) {
	h.socket.drop(code);
	h.timers.advance(h.lastDelay);
}

test('Each reconnect waits random() times a bound that starts at minDelay and doubles per attempt', () => {
	const h = harness();
	const delays = [];
	for (let i = 0; i < 5; i++) {
		failAttempt(h);
		delays.push(h.lastDelay);
	}
	assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000]);
});

test('Full jitter scales the bound by random(), from 0 up to just under the bound', () => {
	const randoms = [0, 0.25, 0.999];
	const h = harness({ random: () => randoms.shift() });
	const delays = [];
	for (let i = 0; i < 3; i++) {
		failAttempt(h);
		delays.push(h.lastDelay);
	}
	assert.deepEqual(delays, [0, 0.25 * 1000, 0.999 * 2000]);
});

test('The bound stops growing at maxDelay', () => {
	const h = harness();
	const delays = [];
	for (let i = 0; i < 9; i++) {
		failAttempt(h);
		delays.push(h.lastDelay);
	}
	assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('minDelay, maxDelay and factor shape the bound', () => {
	const h = harness({ minDelay: 100, maxDelay: 2000, factor: 3 });
	const delays = [];
	for (let i = 0; i < 4; i++) {
		failAttempt(h);
		delays.push(h.lastDelay);
	}
	assert.deepEqual(delays, [100, 300, 900, 2000]);
});

test('The client reconnects when the delay has passed and not a millisecond sooner', () => {
	const h = harness();
	h.socket.drop(1006);
	h.timers.advance(499);
	assert.equal(h.sockets.length, 1);
	h.timers.advance(1);
	assert.equal(h.sockets.length, 2);
});

test('A connection that lives resetAfter starts the attempt count again', () => {
	const h = harness();
	failAttempt(h);
	failAttempt(h);
	failAttempt(h);
	h.socket.open();
	h.timers.advance(10_000);
	h.socket.drop(1006);
	assert.equal(h.eventsOf('reconnecting').at(-1).detail.attempt, 1);
	assert.equal(h.lastDelay, 500);
});

test('A connection that dies before resetAfter keeps the attempt count going', () => {
	const h = harness();
	failAttempt(h);
	failAttempt(h);
	failAttempt(h);
	h.socket.open();
	h.timers.advance(9_999);
	h.socket.drop(1006);
	assert.equal(h.eventsOf('reconnecting').at(-1).detail.attempt, 4);
	assert.equal(h.lastDelay, 4000);
});

test('After maxAttempts failed reconnects the client gives up with willReconnect false', () => {
	const h = harness({ maxAttempts: 3 });
	failAttempt(h);
	failAttempt(h);
	failAttempt(h);
	h.socket.drop(1006);
	const close = h.eventsOf('close').at(-1);
	assert.equal(close.willReconnect, false);
	assert.equal(close.code, 1006);
	assert.equal(h.client.readyState, h.client.CLOSED);
	assert.equal(h.eventsOf('reconnecting').length, 3);
	h.timers.advance(3_600_000);
	assert.equal(h.sockets.length, 4);
});

test('maxAttempts 0 never reconnects', () => {
	const h = harness({ maxAttempts: 0 });
	h.socket.open();
	h.socket.drop(1006);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, false);
	assert.deepEqual(h.timers.pending, []);
});
