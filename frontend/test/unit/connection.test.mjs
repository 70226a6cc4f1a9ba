import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, ConnectionStatus, PollingTransport, SocketTransport, liveUrl } from '../../public/js/connection.js';

test('backoff doubles up to its ceiling, with jitter between half and all of it, and resets', () => {
  // given: the jitter at its top
  const backoff = new Backoff(500, 10000, () => 1);
  // when
  const waits = Array.from({ length: 7 }, () => backoff.next());
  backoff.reset();
  // then
  assert.deepEqual(waits, [500, 1000, 2000, 4000, 8000, 10000, 10000]);
  assert.equal(backoff.next(), 500);
  assert.equal(new Backoff(500, 10000, () => 0).next(), 250);
});

test('status: reconnecting while failing, offline after 30 s or when the browser is offline, live again on success', () => {
  // given
  const seen = [];
  const status = new ConnectionStatus((state) => seen.push(state), 30000);
  // when
  status.connected();
  status.failed(1000, true, 500);
  status.failed(20000, true, 1000);
  status.failed(31000, true, 2000);
  status.connected();
  status.failed(40000, false, 500);
  // then
  assert.deepEqual(seen, ['live', 'reconnecting', 'offline', 'live', 'offline']);
});

test('the live URL is ws(s) on the configured base or this page\'s origin, with the key encoded', () => {
  assert.equal(liveUrl('', 'demo', new URL('http://localhost:8080/?mode=x')), 'ws://localhost:8080/v1/live?api_key=demo');
  assert.equal(liveUrl('https://live.example', 'a b', new URL('http://x/')), 'wss://live.example/v1/live?api_key=a+b');
});

test('the live URL asks for heatmap bins of the areas named, and for none by default', () => {
  assert.equal(liveUrl('', 'demo', new URL('http://localhost:8080/'), ['grid']), 'ws://localhost:8080/v1/live?api_key=demo&heat=grid');
  assert.equal(liveUrl('', 'demo', new URL('http://x/'), ['grid', 'hero']), 'ws://x/v1/live?api_key=demo&heat=grid%2Chero');
  assert.equal(liveUrl('', 'demo', new URL('http://x/'), []), 'ws://x/v1/live?api_key=demo');
});

class FakeSocket {
  static opened = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.closedWith = null;
    FakeSocket.opened.push(this);
  }
  close(code) {
    this.closedWith = code;
    this.readyState = 3;
    // as a browser does: the close event follows, when anyone still listens
    queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: '' }));
  }
  message(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

test('socket: snapshot makes it live; a close reconnects after a backoff and resyncs from the new snapshot', async (t) => {
  // given
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.opened = [];
  const states = [];
  const snapshots = [];
  const changes = [];
  const transport = new SocketTransport({
    url: 'ws://gateway/v1/live?api_key=k', status: new ConnectionStatus((s) => states.push(s)),
    onSnapshot: (frame) => snapshots.push(frame), onChanges: (c) => changes.push(...c),
    WebSocketImpl: FakeSocket, backoff: new Backoff(500, 10000, () => 1), env: {},
  });
  transport.start();
  FakeSocket.opened[0].message({ type: 'snapshot', counts: {}, versions: {} });
  FakeSocket.opened[0].message({ type: 'update', changes: [{ action: 'click', color: 'red', amount: 1, version: 1 }] });
  // when: the server goes away
  FakeSocket.opened[0].onclose({ code: 1006, reason: '' });
  t.mock.timers.tick(499);
  const beforeBackoff = FakeSocket.opened.length;
  t.mock.timers.tick(1);
  FakeSocket.opened[1].message({ type: 'snapshot', counts: {}, versions: {} });
  // then
  assert.equal(beforeBackoff, 1);
  assert.equal(FakeSocket.opened.length, 2);
  assert.deepEqual(states, ['live', 'reconnecting', 'live']);
  assert.equal(snapshots.length, 2);
  assert.equal(changes.length, 1);
  transport.stop();
});

test('socket: heat frames go to onHeat, updates to onChanges, and a transport without onHeat ignores them', () => {
  // given
  FakeSocket.opened = [];
  const heat = [];
  const changes = [];
  const withHeat = new SocketTransport({
    url: 'ws://x/v1/live?api_key=k&heat=grid', status: new ConnectionStatus(() => {}), onSnapshot() {},
    onChanges: (c) => changes.push(...c), onHeat: (frame) => heat.push(frame), WebSocketImpl: FakeSocket, env: {},
  });
  const countsOnly = new SocketTransport({
    url: 'ws://x/v1/live?api_key=k', status: new ConnectionStatus(() => {}), onSnapshot() {}, onChanges: (c) => changes.push(...c),
    WebSocketImpl: FakeSocket, env: {},
  });
  withHeat.start();
  countsOnly.start();
  const frame = { type: 'heat', area: 'grid', changes: [{ action: 'click', color: 'red', bx: 1, by: 2, amount: 1, version: 1 }] };
  // when
  for (const socket of FakeSocket.opened) {
    socket.message({ type: 'snapshot', counts: {}, versions: {}, heat: { grid: [] } });
    socket.message(frame);
    socket.message({ type: 'update', changes: [{ action: 'click', color: 'red', amount: 1, version: 1 }] });
  }
  // then
  assert.deepEqual(heat, [frame]);
  assert.equal(changes.length, 2);
  withHeat.stop();
  countsOnly.stop();
});

test('socket: a refused key (4401) is not retried and says why', async (t) => {
  // given
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.opened = [];
  const states = [];
  const status = new ConnectionStatus((s, detail) => states.push(`${s}: ${detail}`));
  const transport = new SocketTransport({
    url: 'ws://x', status, onSnapshot() {}, onChanges() {}, WebSocketImpl: FakeSocket, env: {},
  });
  transport.start();
  // when
  FakeSocket.opened[0].onclose({ code: 4401, reason: 'unknown API key' });
  t.mock.timers.tick(60000);
  // then
  assert.equal(FakeSocket.opened.length, 1);
  assert.deepEqual(states, ['offline: unknown API key']);
});

test('socket for /v1/live/cursors: its first frame type (presence) makes it live, other frames go to onFrame, 4401 to onRefused', async (t) => {
  // given
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.opened = [];
  const states = [];
  const firsts = [];
  const frames = [];
  const refused = [];
  const transport = new SocketTransport({
    url: 'ws://x/v1/live/cursors?api_key=k&token=t', status: new ConnectionStatus((s) => states.push(s)), snapshotType: 'presence',
    onSnapshot: (frame) => firsts.push(frame.type), onFrame: (frame) => frames.push(frame.type), onRefused: (code) => refused.push(code),
    WebSocketImpl: FakeSocket, env: {},
  });
  transport.start();
  // when
  FakeSocket.opened[0].message({ type: 'presence', sessions: [] });
  FakeSocket.opened[0].message({ type: 'joined', session: 's', page: 'p', since: '2026-05-01T10:00:00Z' });
  FakeSocket.opened[0].message({ type: 'cursors', positions: [] });
  FakeSocket.opened[0].message({ type: 'left', session: 's' });
  FakeSocket.opened[0].onclose({ code: 4401, reason: 'the read token is wrong' });
  t.mock.timers.tick(60000);
  // then
  assert.deepEqual(firsts, ['presence']);
  assert.deepEqual(frames, ['joined', 'cursors', 'left']);
  assert.deepEqual(states, ['live', 'offline']);
  assert.deepEqual(refused, [4401]);
  assert.equal(FakeSocket.opened.length, 1);
});

test('polling: sends the ETag back, treats 304 as live and retries a failure with backoff', async (t) => {
  // given
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const requests = [];
  const answers = [
    { status: 200, etag: '"v1"', body: { counts: { click: { red: 1 }, hover: {} } } },
    { status: 304 },
    { error: new TypeError('network down') },
    { status: 200, etag: '"v2"', body: { counts: { click: { red: 2 }, hover: {} } } },
  ];
  const fetchImpl = async (url, options) => {
    requests.push(options.headers['If-None-Match'] ?? null);
    const answer = answers.shift();
    if (answer.error) throw answer.error;
    return { status: answer.status, headers: new Map([['ETag', answer.etag]]), json: async () => answer.body };
  };
  const states = [];
  const counts = [];
  const transport = new PollingTransport({
    url: 'http://gateway/v1/counts', apiKey: 'k', intervalMs: 1000, status: new ConnectionStatus((s) => states.push(s)),
    onCounts: (body) => counts.push(body.counts.click.red), fetchImpl, backoff: new Backoff(500, 10000, () => 1), env: {},
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  // when
  transport.start();
  await settle();
  t.mock.timers.tick(1000);
  await settle();
  t.mock.timers.tick(1000);
  await settle();
  t.mock.timers.tick(500);
  await settle();
  transport.stop();
  // then
  assert.deepEqual(requests, [null, '"v1"', '"v1"', '"v1"']);
  assert.deepEqual(counts, [1, 2]);
  assert.deepEqual(states, ['live', 'reconnecting', 'live']);
});

test('socket: coming back online while a connection is still pending replaces it, and the old one is not heard', async (t) => {
  // given: a socket still connecting
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.opened = [];
  const snapshots = [];
  const listeners = {};
  const env = { addEventListener: (name, fn) => { listeners[name] = fn; }, removeEventListener() {} };
  const transport = new SocketTransport({
    url: 'ws://x', status: new ConnectionStatus(() => {}), onSnapshot: (f) => snapshots.push(f), onChanges() {},
    WebSocketImpl: FakeSocket, env,
  });
  transport.start();
  const first = FakeSocket.opened[0];
  // when
  listeners.online();
  listeners.online();
  first.message({ type: 'snapshot', counts: {}, versions: {} });
  await Promise.resolve();
  // then: one socket open, the others closed, and only the current one delivers
  assert.equal(FakeSocket.opened.length, 3);
  assert.deepEqual(FakeSocket.opened.map((socket) => socket.closedWith), [1000, 1000, null]);
  assert.equal(snapshots.length, 0);
  FakeSocket.opened[2].message({ type: 'snapshot', counts: {}, versions: {} });
  assert.equal(snapshots.length, 1);
  transport.stop();
});

test('socket: a connection that brings no snapshot in time is dropped and retried', async (t) => {
  // given: a handshake that hangs
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.opened = [];
  const states = [];
  const transport = new SocketTransport({
    url: 'ws://x', status: new ConnectionStatus((s) => states.push(s)), onSnapshot() {}, onChanges() {},
    WebSocketImpl: FakeSocket, backoff: new Backoff(500, 10000, () => 1), env: {}, snapshotTimeoutMs: 10000,
  });
  transport.start();
  // when
  t.mock.timers.tick(10000);
  await Promise.resolve();
  t.mock.timers.tick(500);
  // then
  assert.equal(FakeSocket.opened[0].closedWith, 4000);
  assert.deepEqual(states, ['reconnecting']);
  assert.equal(FakeSocket.opened.length, 2);
  transport.stop();
});

test('socket: after a refused key, coming back online does not reconnect', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  FakeSocket.opened = [];
  const listeners = {};
  const env = { addEventListener: (name, fn) => { listeners[name] = fn; }, removeEventListener: (name) => { delete listeners[name]; } };
  const transport = new SocketTransport({
    url: 'ws://x', status: new ConnectionStatus(() => {}), onSnapshot() {}, onChanges() {}, WebSocketImpl: FakeSocket, env,
  });
  transport.start();
  FakeSocket.opened[0].onclose({ code: 4403, reason: 'origin not allowed' });
  // when
  listeners.online?.();
  // then
  assert.equal(FakeSocket.opened.length, 1);
});

test('polling: an answer that arrives after stop() changes nothing', async () => {
  // given: a poll in flight
  let answer;
  const fetchImpl = () => new Promise((resolve) => { answer = resolve; });
  const states = [];
  const counts = [];
  const transport = new PollingTransport({
    url: 'http://x/v1/counts', apiKey: 'k', intervalMs: 1000, status: new ConnectionStatus((s) => states.push(s)),
    onCounts: (body) => counts.push(body), fetchImpl, env: {},
  });
  transport.start();
  // when: the mode changes, then the answer comes
  transport.stop();
  answer({ status: 200, headers: new Map([['ETag', '"v1"']]), json: async () => ({ counts: {} }) });
  await new Promise((resolve) => setImmediate(resolve));
  // then
  assert.deepEqual(counts, []);
  assert.deepEqual(states, []);
});

test('polling: a 503 is retried after its Retry-After when that is longer than the backoff', async (t) => {
  // given
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const calls = [];
  const answers = [
    { status: 503, headers: new Map([['Retry-After', '3']]) },
    { status: 304, headers: new Map() },
  ];
  const transport = new PollingTransport({
    url: 'http://x/v1/counts', apiKey: 'k', intervalMs: 1000, status: new ConnectionStatus(() => {}),
    onCounts() {}, fetchImpl: async () => { calls.push(Date.now()); return answers.shift(); },
    backoff: new Backoff(500, 10000, () => 1), env: {},
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  transport.start();
  await settle();
  // when
  t.mock.timers.tick(2999);
  await settle();
  const before = calls.length;
  t.mock.timers.tick(1);
  await settle();
  // then
  assert.equal(before, 1);
  assert.equal(calls.length, 2);
  transport.stop();
});
