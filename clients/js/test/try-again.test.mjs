import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

// These tests run in Node and in Chromium (test-support/chromium.mjs). Node has no page, so some tests make one
// up; a browser's page cannot be given a made-up URL, and resolves every path against its own.
const inBrowser = globalThis.document !== undefined;
const notOnARealPage = inBrowser && 'a real page\'s location cannot be made up';

const urls = [
	['ws://server.test/csp/user/MyApp.ChatServer.cls', 'ws://server.test/csp/user/MyApp.ChatServer.cls?csp-try-again=1'],
	['ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby&lang=en',
		'ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby&lang=en&csp-try-again=1'],
	['ws://server.test/csp/user/MyApp.ChatServer.cls?', 'ws://server.test/csp/user/MyApp.ChatServer.cls?csp-try-again=1'],
	['ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby#top',
		'ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby&csp-try-again=1#top'],
	['/csp/user/MyApp.ChatServer.cls', '/csp/user/MyApp.ChatServer.cls?csp-try-again=1', notOnARealPage],
];

for (const [url, connectedTo, skip] of urls) {
	test(`The client connects to ${url} as ${connectedTo}`, { skip }, () => {
		const h = harness({ url });
		assert.equal(h.socket.url, connectedTo);
		assert.equal(h.client.url, url);
	});
}

test('Every reconnect uses the same URL, with the parameter once', () => {
	const h = harness({ url: 'ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby' });
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	assert.deepEqual(h.sockets.map((socket) => socket.url), [
		'ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby&csp-try-again=1',
		'ws://server.test/csp/user/MyApp.ChatServer.cls?room=lobby&csp-try-again=1',
	]);
});

test('1013 "Try again in 5 s" waits 5 s before reconnecting, not a millisecond sooner', () => {
	const h = harness({ random: () => 0 });
	h.socket.open();
	h.socket.drop(1013, 'Try again in 5 s');
	assert.equal(h.lastDelay, 5000);
	h.timers.advance(4999);
	assert.equal(h.sockets.length, 1);
	h.timers.advance(1);
	assert.equal(h.sockets.length, 2);
});

test('1013 adds the back-off jitter on top of the server\'s delay, never below it', () => {
	const h = harness({ random: () => 1 });
	h.socket.open();
	h.socket.drop(1013, 'Try again in 5 s');
	assert.equal(h.lastDelay, 5000 + 500);
	h.timers.advance(h.lastDelay);
	h.socket.drop(1013, 'Try again in 5 s');
	assert.equal(h.lastDelay, 5000 + 1000);
});

test('1013 honours a delay longer than maxDelay', () => {
	const h = harness({ random: () => 0, maxDelay: 1000 });
	h.socket.drop(1013, 'Try again in 120 s');
	assert.equal(h.lastDelay, 120_000);
});

test('1013 reads a fractional delay and one that follows other words', () => {
	const h = harness({ random: () => 0 });
	h.socket.drop(1013, 'Try again in 2.5 s');
	assert.equal(h.lastDelay, 2500);
	h.timers.advance(h.lastDelay);
	h.socket.drop(1013, 'Too many WebSockets for this HTTP session. Try again in 7 s');
	assert.equal(h.lastDelay, 7000);
});

test('1013 without a delay in its reason falls back to the back-off', () => {
	const h = harness({ random: () => 1 });
	h.socket.drop(1013, 'Server busy');
	assert.equal(h.lastDelay, 500);
});

test('A 1013 wait is not cut short when the network comes back or the page becomes visible', () => {
	const h = harness({ random: () => 0 });
	h.socket.drop(1013, 'Try again in 5 s');
	h.timers.advance(1000);
	h.environment.fire('online');
	h.environment.fire('visibilitychange');
	assert.equal(h.sockets.length, 1);
	assert.equal(h.environment.listenerCount, 0);
	h.timers.advance(4000);
	assert.equal(h.sockets.length, 2);
});

test('On a page, a path is resolved against the page\'s URL, with https becoming wss', { skip: notOnARealPage }, (t) => {
	globalThis.location = { href: 'https://app.test/csp/user/Chat.csp?x=1' };
	t.after(() => delete globalThis.location);
	const h = harness({ url: '/csp/user/MyApp.ChatServer.cls?room=lobby' });
	assert.equal(h.client.url, 'wss://app.test/csp/user/MyApp.ChatServer.cls?room=lobby');
	assert.equal(h.socket.url, 'wss://app.test/csp/user/MyApp.ChatServer.cls?room=lobby&csp-try-again=1');
});

test('On a page, an absolute ws: URL stays as it is', { skip: notOnARealPage }, (t) => {
	globalThis.location = { href: 'http://app.test/index.html' };
	t.after(() => delete globalThis.location);
	const h = harness({ url: 'ws://other.test:8080/csp/user/MyApp.ChatServer.cls' });
	assert.equal(h.socket.url, 'ws://other.test:8080/csp/user/MyApp.ChatServer.cls?csp-try-again=1');
});

test('On a real page, a path is resolved against where the page came from', { skip: !inBrowser && 'needs a page' }, () => {
	const h = harness({ url: '/csp/user/MyApp.ChatServer.cls' });
	assert.equal(h.client.url, `ws://${globalThis.location.host}/csp/user/MyApp.ChatServer.cls`);
});

test('Queued messages handed to a socket the server then closes with 1013 go out again, first, on the next one', () => {
	const h = harness({ random: () => 0, queueWhileAway: 5 });
	h.client.send('a');
	h.client.send('b');
	const refused = h.socket;
	refused.open();
	refused.drop(1013, 'Try again in 5 s');
	h.client.send('c');
	assert.equal(h.client.bufferedAmount, 3);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	assert.deepEqual(refused.sent, ['a', 'b']);
	assert.deepEqual(h.socket.sent, ['a', 'b', 'c']);
});

test('Queued messages handed to a socket that drops with another code are not sent again', () => {
	const h = harness({ queueWhileAway: 5 });
	h.client.send('a');
	h.socket.open();
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	assert.deepEqual(h.socket.sent, []);
});
