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

class FakeSocket {
  static opened = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    FakeSocket.opened.push(this);
  }
  close() {}
  message(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
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
