import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

const FINAL_CODES = [1000, 1002, 1003, 1007, 1008, 1009, 1010];
const RETRY_CODES = [1001, 1006, 1011, 1012, 1013, 1014];

for (const code of FINAL_CODES) {
	test(`A close with ${code} ends the client for good, with willReconnect false`, () => {
		const h = harness();
		h.socket.open();
		h.socket.drop(code, 'the reason');
		const close = h.eventsOf('close').at(-1);
		assert.deepEqual(
			{ code: close.code, reason: close.reason, willReconnect: close.willReconnect },
			{ code, reason: 'the reason', willReconnect: false });
		assert.equal(h.client.readyState, h.client.CLOSED);
		assert.equal(h.eventsOf('reconnecting').length, 0);
		h.timers.advance(3_600_000);
		assert.equal(h.sockets.length, 1);
	});
}

for (const code of RETRY_CODES) {
	test(`A close with ${code} reconnects, with willReconnect true`, () => {
		const h = harness();
		h.socket.open();
		h.socket.drop(code, 'the reason');
		assert.equal(h.eventsOf('close').at(-1).willReconnect, true);
		assert.equal(h.client.readyState, h.client.CONNECTING);
		h.timers.advance(h.lastDelay);
		assert.equal(h.sockets.length, 2);
	});
}

test('The finalCodes option replaces the default list', () => {
	const h = harness({ finalCodes: [4001] });
	h.socket.open();
	h.socket.drop(1000);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, true);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	h.socket.drop(4001);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, false);
});

test('A first connection that fails reconnects like a dropped one', () => {
	const h = harness();
	h.socket.fail();
	h.socket.drop(1006);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, true);
	h.timers.advance(h.lastDelay);
	assert.equal(h.sockets.length, 2);
});
