import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from '../test-support/fakes.mjs';

const NUL = '\u0000';
const SERVER = 'ws://server.test/csp/user/MyApp.ChatServer.cls';
const REFUSED = 'Resume refused: unknown socket; start fresh';

// A client whose first socket is open and resumable: the server said hello with id ws-1 and secret s3cret.
function resumable(options = {}) {
	const h = harness({ resume: true, ...options });
	h.socket.open();
	h.socket.receive(`${NUL}hello ws-1 s3cret`);
	return h;
}

// Drops the socket without a close frame and opens the next one once its back-off has run out.
function dropAndReopen(h) {
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.socket.open();
}

const messages = (h) => h.eventsOf('message').map((event) => event.data);
const acks = (socket) => socket.sent.filter((data) => typeof data === 'string' && data.startsWith(`${NUL}ack `));

test('With resume, the first connection asks for the protocol alongside csp-try-again', () => {
	const h = harness({ resume: true, url: `${SERVER}?room=lobby#top` });
	assert.equal(h.socket.url, `${SERVER}?room=lobby&csp-try-again=1&csp-resume=1#top`);
	assert.equal(h.client.url, `${SERVER}?room=lobby#top`);
});

test('With resume, open waits for the server\'s hello, and send() before it throws as while connecting', () => {
	const h = harness({ resume: true });
	h.socket.open();
	assert.equal(h.client.readyState, h.client.CONNECTING);
	assert.equal(h.eventsOf('open').length, 0);
	assert.throws(() => h.client.send('early'), /CspWebSocket is connecting/);
	h.socket.receive(`${NUL}hello ws-1 s3cret`);
	assert.equal(h.client.readyState, h.client.OPEN);
	assert.equal(h.eventsOf('open').length, 1);
});

test('With resume, what the page queues before the hello goes out after it, and nothing goes out before it', () => {
	const h = harness({ resume: true, queueWhileAway: 5 });
	h.client.send('a');
	h.socket.open();
	h.client.send('b');
	assert.deepEqual(h.socket.sent, []);
	h.socket.receive(`${NUL}hello ws-1 s3cret`);
	assert.deepEqual(h.socket.sent, ['a', 'b']);
});

test('A hello with an id and a secret opens the socket and does not reach the page', () => {
	const h = resumable();
	assert.deepEqual(h.events.map((event) => event.type), ['open']);
});

test('A bare hello opens a socket that is not resumable: nothing is escaped, counted or acknowledged', () => {
	const h = harness({ resume: true });
	h.socket.open();
	h.socket.receive(`${NUL}hello`);
	assert.deepEqual(h.events.map((event) => event.type), ['open']);
	h.client.send(`${NUL}as it is`);
	for (let i = 0; i < 20; i++) h.socket.receive(`${NUL}${NUL}message ${i}`);
	h.timers.advance(1000);
	assert.deepEqual(h.socket.sent, [`${NUL}as it is`]);
	assert.equal(messages(h)[0], `${NUL}${NUL}message 0`);
	assert.equal(messages(h).length, 20);
});

test('After a bare hello a drop connects afresh, asking for the protocol again; reconnected says not resumed', () => {
	const h = harness({ resume: true });
	h.socket.open();
	h.socket.receive(`${NUL}hello`);
	dropAndReopen(h);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1&csp-resume=1`);
	assert.deepEqual(h.socket.sent, []);
	h.socket.receive(`${NUL}hello`);
	assert.deepEqual(h.eventsOf('reconnected')[0].detail, { attempt: 1, resumed: false });
});

test('A server that sends no hello is not resumable: its first message opens the socket and reaches the page', () => {
	const h = harness({ resume: true });
	h.socket.open();
	h.socket.receive('welcome');
	assert.deepEqual(h.events.map((event) => event.type), ['open', 'message']);
	assert.deepEqual(messages(h), ['welcome']);
	h.client.send(`${NUL}as it is`);
	assert.deepEqual(h.socket.sent, [`${NUL}as it is`]);
});

test('A first message that is not exactly a version 1 hello is the application\'s; the socket is not resumable', () => {
	const h = harness({ resume: true });
	h.socket.open();
	h.socket.receive(`${NUL}hello ws-1`);
	assert.deepEqual(messages(h), [`${NUL}hello ws-1`]);
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1&csp-resume=1`);
});

test('Without the resume option, messages that look like control messages reach the page as they are', () => {
	const h = harness();
	h.socket.open();
	h.socket.receive(`${NUL}hello ws-1 s3cret`);
	h.socket.receive(`${NUL}${NUL}x`);
	assert.deepEqual(messages(h), [`${NUL}hello ws-1 s3cret`, `${NUL}${NUL}x`]);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1`);
});

test('On a resumable socket, the page\'s text that begins with NUL goes out with one more; the rest unchanged', () => {
	const h = resumable();
	const binary = new Uint8Array([0, 1, 2]);
	h.client.send(`${NUL}starts with NUL`);
	h.client.send(`${NUL}${NUL}two`);
	h.client.send('plain');
	h.client.send(binary);
	assert.deepEqual(h.socket.sent, [`${NUL}${NUL}starts with NUL`, `${NUL}${NUL}${NUL}two`, 'plain', binary]);
	assert.equal(h.socket.sent[3], binary);
});

test('On a resumable socket, text that begins with two NULs reaches the page minus one; the rest as it is', () => {
	const h = resumable();
	const binary = new Uint8Array([0, 0, 1]).buffer;
	h.socket.receive(`${NUL}${NUL}escaped`);
	h.socket.receive(`${NUL}${NUL}${NUL}twice`);
	h.socket.receive('plain');
	h.socket.receive(binary);
	assert.deepEqual(messages(h), [`${NUL}escaped`, `${NUL}${NUL}twice`, 'plain', binary]);
	assert.equal(messages(h)[3], binary);
});

test('The page never sees a control message: not the hello, an ack, resumed, nor one it does not know', () => {
	const h = resumable();
	h.socket.receive(`${NUL}ack 0`);
	h.socket.receive(`${NUL}later-word 1 2`);
	h.socket.receive('one');
	dropAndReopen(h);
	h.socket.receive(`${NUL}resumed 0`);
	h.socket.receive(`${NUL}hello ws-2 other`);
	h.socket.receive('two');
	assert.deepEqual(messages(h), ['one', 'two']);
});

test('The client acknowledges at once every 16th message it receives', () => {
	const h = resumable();
	for (let i = 1; i <= 15; i++) h.socket.receive(`message ${i}`);
	assert.deepEqual(acks(h.socket), []);
	h.socket.receive('message 16');
	assert.deepEqual(acks(h.socket), [`${NUL}ack 16`]);
	for (let i = 17; i <= 32; i++) h.socket.receive(`message ${i}`);
	assert.deepEqual(acks(h.socket), [`${NUL}ack 16`, `${NUL}ack 32`]);
	assert.deepEqual(h.timers.pending, [10_000], 'only resetAfter: no acknowledgement is left to the timer');
});

test('Binary messages and escaped text are counted; control messages are not', () => {
	const h = resumable();
	for (let i = 0; i < 10; i++) h.socket.receive(`text ${i}`);
	for (let i = 0; i < 4; i++) h.socket.receive(new ArrayBuffer(2));
	h.socket.receive(`${NUL}${NUL}escaped`);
	h.socket.receive(`${NUL}ack 0`);
	h.socket.receive(`${NUL}later-word`);
	assert.deepEqual(acks(h.socket), []);
	h.socket.receive('the 16th');
	assert.deepEqual(acks(h.socket), [`${NUL}ack 16`]);
});

test('A message left unacknowledged is acknowledged 1 s after it came, with the count so far', () => {
	const h = resumable();
	h.socket.receive('first');
	h.timers.advance(500);
	h.socket.receive('second');
	h.timers.advance(499);
	assert.deepEqual(acks(h.socket), []);
	h.timers.advance(1);
	assert.deepEqual(acks(h.socket), [`${NUL}ack 2`]);
	h.timers.advance(10_000);
	assert.deepEqual(acks(h.socket), [`${NUL}ack 2`], 'nothing new, nothing more');
	h.socket.receive('third');
	h.timers.advance(1000);
	assert.deepEqual(acks(h.socket), [`${NUL}ack 2`, `${NUL}ack 3`]);
});

test('Messages that arrive after the page\'s close() are not acknowledged', () => {
	const h = resumable();
	h.socket.receive('before');
	h.client.close(1000, 'bye');
	for (let i = 0; i < 16; i++) h.socket.receive(`after ${i}`);
	h.timers.advance(1000);
	assert.deepEqual(acks(h.socket), []);
});

test('After a drop the client comes back with the socket\'s id and first sends resume, its secret and count', () => {
	const h = resumable({ url: `${SERVER}?room=lobby`, queueWhileAway: 5 });
	h.socket.receive('one');
	h.socket.receive('two');
	h.socket.receive(`${NUL}ack 0`);
	h.socket.receive('three');
	h.socket.drop(1006);
	h.client.send('queued');
	h.timers.advance(h.lastDelay);
	assert.equal(h.socket.url, `${SERVER}?room=lobby&csp-try-again=1&csp-resume=1&csp-resume-id=ws-1`);
	h.socket.open();
	assert.deepEqual(h.socket.sent, [`${NUL}resume s3cret 3`]);
	assert.equal(h.client.readyState, h.client.CONNECTING);
	assert.deepEqual(h.eventsOf('open').length, 1);
});

test('The socket\'s id goes into the URL encoded', () => {
	const h = harness({ resume: true });
	h.socket.open();
	h.socket.receive(`${NUL}hello a&b=c s3cret`);
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1&csp-resume=1&csp-resume-id=a%26b%3Dc`);
});

test('While resuming, send() throws as while reconnecting', () => {
	const h = resumable();
	dropAndReopen(h);
	assert.throws(() => h.client.send('too soon'), /CspWebSocket is reconnecting/);
});

test('On resumed m the client re-sends exactly its messages after the m-th, in order, before all else', () => {
	const h = resumable({ queueWhileAway: 5 });
	for (const data of ['a', 'b', 'c', `${NUL}d`, 'e']) h.client.send(data);
	h.socket.receive(`${NUL}ack 1`);
	h.socket.drop(1006);
	h.client.send(`${NUL}queued`);
	h.client.onreconnected = () => h.client.send('rejoin');
	h.timers.advance(h.lastDelay);
	h.socket.open();
	h.socket.receive(`${NUL}resumed 2`);
	assert.deepEqual(h.socket.sent,
		[`${NUL}resume s3cret 0`, 'c', `${NUL}${NUL}d`, 'e', 'rejoin', `${NUL}${NUL}queued`]);
});

test('What the queue sends on a resumable socket is escaped and kept like the rest', () => {
	const h = resumable({ queueWhileAway: 5 });
	h.socket.drop(1006);
	h.client.send(`${NUL}queued`);
	h.timers.advance(h.lastDelay);
	h.socket.open();
	h.socket.receive(`${NUL}resumed 0`);
	dropAndReopen(h);
	h.socket.receive(`${NUL}resumed 0`);
	assert.deepEqual(h.socket.sent, [`${NUL}resume s3cret 0`, `${NUL}${NUL}queued`]);
});

test('A resumed that comes when the client is not resuming changes nothing', () => {
	const h = resumable();
	h.client.send('a');
	h.socket.receive(`${NUL}resumed 0`);
	assert.deepEqual(h.socket.sent, ['a']);
	assert.deepEqual(h.events.map((event) => event.type), ['open']);
});

test('A drop cancels the pending acknowledgement: the resume carries the count instead', () => {
	const h = resumable();
	h.socket.receive('one');
	h.socket.drop(1006);
	assert.deepEqual(h.timers.pending, [500]);
	h.environment.fire('online');
	h.socket.open();
	h.socket.receive(`${NUL}resumed 0`);
	h.timers.advance(1000);
	assert.deepEqual(h.socket.sent, [`${NUL}resume s3cret 1`]);
});

test('A resumed socket fires open, then reconnected with resumed true', () => {
	const h = resumable();
	dropAndReopen(h);
	assert.equal(h.eventsOf('reconnected').length, 0);
	h.socket.receive(`${NUL}resumed 0`);
	assert.deepEqual(h.events.slice(-2).map((event) => event.type), ['open', 'reconnected']);
	assert.deepEqual(h.eventsOf('reconnected')[0].detail, { attempt: 1, resumed: true });
	assert.equal(h.client.readyState, h.client.OPEN);
});

test('The counts go on over a resume: the resume acknowledges what came before, and the next ack counts both', () => {
	const h = resumable();
	for (let i = 0; i < 10; i++) h.socket.receive(`before ${i}`);
	dropAndReopen(h);
	h.socket.receive(`${NUL}resumed 0`);
	for (let i = 0; i < 15; i++) h.socket.receive(`after ${i}`);
	assert.deepEqual(acks(h.socket), []);
	h.socket.receive('after 15');
	assert.deepEqual(acks(h.socket), [`${NUL}ack 26`]);
});

test('What was sent on a resumed connection is kept, and re-sent after the next drop', () => {
	const h = resumable();
	h.client.send('a');
	dropAndReopen(h);
	h.socket.receive(`${NUL}resumed 0`);
	h.client.send('b');
	dropAndReopen(h);
	h.socket.receive(`${NUL}resumed 0`);
	assert.deepEqual(h.socket.sent, [`${NUL}resume s3cret 0`, 'a', 'b']);
});

test('Binary messages are kept by reference and re-sent as they are', () => {
	const h = resumable();
	const binary = new Uint8Array([0, 1, 2]);
	h.client.send(binary);
	dropAndReopen(h);
	h.socket.receive(`${NUL}resumed 0`);
	assert.equal(h.socket.sent[1], binary);
});

test('A resume attempt that drops before it opens is tried again', () => {
	const h = resumable();
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	h.socket.drop(1006);
	h.timers.advance(h.lastDelay);
	assert.match(h.socket.url, /&csp-resume-id=ws-1$/);
});

test('A liveness timeout is a drop: the client resumes after it', () => {
	const h = resumable({ livenessTimeout: 20_000 });
	h.timers.advance(20_000);
	h.timers.advance(h.lastDelay);
	assert.match(h.socket.url, /&csp-resume-id=ws-1$/);
});

test('A close with a close frame ends the socket: the client reconnects afresh; reconnected says not resumed', () => {
	const h = resumable();
	h.client.send('a');
	h.socket.drop(1012, 'Service restart', true);
	h.timers.advance(h.lastDelay);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1&csp-resume=1`);
	h.socket.open();
	assert.deepEqual(h.socket.sent, []);
	h.socket.receive(`${NUL}hello ws-2 other`);
	assert.deepEqual(h.eventsOf('reconnected')[0].detail, { attempt: 1, resumed: false });
});

test('A refused resume (4010) connects afresh at once, counted as an attempt; reconnected says not resumed', () => {
	const h = resumable();
	h.client.send('a');
	h.socket.receive('one');
	dropAndReopen(h);
	h.socket.drop(4010, REFUSED, true);
	assert.equal(h.sockets.length, 3);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1&csp-resume=1`);
	const close = h.eventsOf('close').at(-1);
	assert.deepEqual([close.code, close.reason, close.willReconnect], [4010, REFUSED, true]);
	assert.deepEqual(h.eventsOf('reconnecting').at(-1).detail, { attempt: 2, delay: 0, code: 4010, reason: REFUSED });
	h.socket.open();
	assert.deepEqual(h.socket.sent, []);
	h.socket.receive(`${NUL}hello ws-2 other`);
	assert.deepEqual(h.eventsOf('reconnected')[0].detail, { attempt: 2, resumed: false });
});

test('After a refused resume the old socket is forgotten: its copies and counts are not carried to the new one', () => {
	const h = resumable();
	h.client.send('old 1');
	h.client.send('old 2');
	h.client.send('old 3');
	h.socket.receive(`${NUL}ack 2`);
	for (let i = 0; i < 16; i++) h.socket.receive(`old ${i}`);
	dropAndReopen(h);
	h.socket.drop(4010, REFUSED, true);
	h.socket.open();
	h.socket.receive(`${NUL}hello ws-2 other`);
	for (let i = 0; i < 16; i++) h.socket.receive(`new ${i}`);
	assert.deepEqual(acks(h.socket), [`${NUL}ack 16`]);
	h.client.send('new 1');
	h.client.send('new 2');
	h.socket.receive(`${NUL}ack 1`);
	dropAndReopen(h);
	assert.match(h.socket.url, /&csp-resume-id=ws-2$/);
	h.socket.receive(`${NUL}resumed 1`);
	assert.deepEqual(h.socket.sent, [`${NUL}resume other 16`, 'new 2']);
});

test('A 4010 on a connection that is not a resume attempt waits out its back-off like any application code', () => {
	const h = resumable();
	h.socket.drop(4010, REFUSED, true);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, true);
	assert.equal(h.lastDelay, 500);
	assert.equal(h.sockets.length, 1);
});

test('A refused resume after maxAttempts ends the client', () => {
	const h = resumable({ maxAttempts: 1 });
	dropAndReopen(h);
	h.socket.drop(4010, REFUSED, true);
	assert.equal(h.eventsOf('close').at(-1).willReconnect, false);
	assert.equal(h.sockets.length, 2);
});

test('close() in the close handler of a refused resume stops the fresh connection', () => {
	const h = resumable();
	dropAndReopen(h);
	h.client.onclose = (event) => {
		if (event.code === 4010) h.client.close();
	};
	h.socket.drop(4010, REFUSED, true);
	assert.equal(h.sockets.length, 2);
	assert.equal(h.client.readyState, h.client.CLOSED);
});

test('Up to resumeBuffer unacknowledged messages the socket stays resumable; the server\'s ack makes room', () => {
	const h = resumable({ resumeBuffer: 2 });
	h.client.send('a');
	h.client.send('b');
	h.socket.receive(`${NUL}ack 2`);
	h.client.send('c');
	h.client.send('d');
	dropAndReopen(h);
	assert.match(h.socket.url, /&csp-resume-id=ws-1$/);
	h.socket.receive(`${NUL}resumed 2`);
	assert.deepEqual(h.socket.sent, [`${NUL}resume s3cret 0`, 'c', 'd']);
});

test('Past resumeBuffer unacknowledged messages the socket is not resumable: the next drop connects afresh', () => {
	const h = resumable({ resumeBuffer: 2 });
	h.client.send('a');
	h.client.send('b');
	h.client.send('c');
	dropAndReopen(h);
	assert.equal(h.socket.url, `${SERVER}?csp-try-again=1&csp-resume=1`);
	assert.deepEqual(h.socket.sent, []);
});

test('Past resumeBuffer the connection still speaks the protocol: it escapes, unescapes and acknowledges', () => {
	const h = resumable({ resumeBuffer: 0 });
	h.client.send(`${NUL}x`);
	h.socket.receive(`${NUL}${NUL}y`);
	h.timers.advance(1000);
	assert.deepEqual(h.socket.sent, [`${NUL}${NUL}x`, `${NUL}ack 1`]);
	assert.deepEqual(messages(h), [`${NUL}y`]);
});

test('A hello that comes after the page\'s close() does not open the client', () => {
	const h = harness({ resume: true });
	h.socket.open();
	h.client.close();
	h.socket.receive(`${NUL}hello ws-1 s3cret`);
	assert.equal(h.client.readyState, h.client.CLOSING);
	assert.equal(h.eventsOf('open').length, 0);
});
