// tracker.js's pointer tracking (live cursors, session replay), run in a bare VM with fake timers,
// a fake clock and a fake fetch: when it records at all, the 10-per-second sampling, where a sample
// is (area or viewport), the chunks it sends, and what it does with the server's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { webcrypto } from 'node:crypto';

const source = fs.readFileSync(
  new URL('../../../ingest-service/src/main/resources/META-INF/resources/tracker.js', import.meta.url), 'utf8');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A page with tracker.js loaded. `attributes` are its script tag's; `navigator` and `window` add to
 * the browser's; `answer(request)` is the server: {status, body, headers}.
 */
function page({ attributes = { 'data-pointer': 'on' }, navigator = {}, window: extra = {}, answer = defaultAnswer } = {}) {
  const listeners = {};
  const requests = [];
  const beacons = [];
  const warnings = [];
  const announced = [];
  const timers = [];
  let clock = 0;
  let timerIds = 0;
  const on = (type, listener) => { (listeners[type] ??= []).push(listener); };
  const off = (type, listener) => { listeners[type] = (listeners[type] ?? []).filter((l) => l !== listener); };
  const window = {
    document: {
      currentScript: {
        src: 'https://ingest.example/tracker.js',
        getAttribute: (name) => ({ 'data-api-key': 'k', 'data-flush-ms': '600000', ...attributes })[name] ?? null,
      },
      addEventListener: on,
      removeEventListener: off,
      visibilityState: 'visible',
    },
    navigator: { sendBeacon: (url, blob) => { beacons.push({ url, blob }); return true; }, ...navigator },
    location: new URL('https://shop.example/paint?x=1#top'),
    innerWidth: 1000,
    innerHeight: 500,
    performance: { now: () => clock },
    Date: class extends Date { static now() { return 1_700_000_000_000 + clock; } },
    localStorage: { length: 0, key: () => null, getItem: () => null, setItem() {}, removeItem() {} },
    crypto: webcrypto,
    addEventListener: on,
    dispatchEvent: (event) => { if (event.type === 'colortracking:pointer') announced.push(event.detail); },
    CustomEvent: class { constructor(type, { detail }) { Object.assign(this, { type, detail }); } },
    console: { warn: (text) => warnings.push(text) },
    setTimeout: (fn, ms) => { timers.push({ id: ++timerIds, at: clock + ms, fn }); return timerIds; },
    setInterval: (fn, ms) => { timers.push({ id: ++timerIds, at: clock + ms, fn, every: ms }); return timerIds; },
    clearTimeout: (id) => { const i = timers.findIndex((t) => t.id === id); if (i >= 0) timers.splice(i, 1); },
    clearInterval: (id) => { const i = timers.findIndex((t) => t.id === id); if (i >= 0) timers.splice(i, 1); },
    fetch: (url, options = {}) => {
      const request = { url, method: options.method ?? 'GET', headers: options.headers ?? {}, body: options.body ? JSON.parse(options.body) : null, at: clock };
      requests.push(request);
      const { status = 200, body = {}, headers = {} } = answer(request, requests);
      return Promise.resolve({
        ok: status >= 200 && status < 300, status,
        headers: { get: (name) => headers[name] ?? null },
        json: () => Promise.resolve(body),
      });
    },
    AbortController,
    Blob,
    URL,
    ...extra,
  };
  window.window = window;
  vm.runInNewContext(source, window);
  const settle = async () => { for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve)); };
  return {
    listeners, requests, beacons, warnings, announced, api: window.ColorTracking, settle,
    pointerPosts: () => requests.filter((r) => r.method === 'POST' && r.url.includes('/v1/pointer')),
    pointerBeacons: () => beacons.filter((b) => b.url.includes('/v1/pointer')),
    /** Moves the clock on by `ms`, running every timer that falls due on the way, in order. */
    async advance(ms) {
      const end = clock + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const next = timers[0];
        if (!next || next.at > end) break;
        clock = next.at;
        if (next.every) next.at += next.every;
        else timers.shift();
        next.fn();
        await settle();
      }
      clock = end;
      await settle();
    },
    fire(type, event) {
      for (const listener of listeners[type] ?? []) listener(event);
    },
  };
}

function defaultAnswer(request) {
  if (request.method === 'GET') return { status: 200, body: { pointer_tracking: true } };
  return { status: 202, body: {} };
}

/** A minimal element: attributes, a parent, and a box on screen. */
function element(attributes, parent = null, box = { left: 0, top: 0, width: 0, height: 0 }) {
  return {
    parent,
    getAttribute: (name) => attributes[name] ?? null,
    getBoundingClientRect: () => box,
    closest(selector) {
      const name = selector.slice(1, -1);
      for (let el = this; el; el = el.parent) if (el.getAttribute(name) !== null) return el;
      return null;
    },
  };
}

const body = element({}, null, { left: 0, top: 0, width: 1000, height: 2000 });
const grid = element({ 'data-ct-area': 'grid' }, body, { left: 100, top: 50, width: 400, height: 200 });
const cell = element({ 'data-ct-color': 'red' }, grid, { left: 140, top: 90, width: 40, height: 40 });

async function started(options) {
  const p = page(options);
  await p.settle();
  assert.equal(p.api.pointer.state, 'on');
  return p;
}

test('without data-pointer="on" nothing is asked, listened to or sent', async () => {
  const p = page({ attributes: {} });
  await p.advance(5000);
  assert.equal(p.api.pointer.state, 'off');
  assert.deepEqual(p.requests, []);
  assert.equal(p.listeners.pointermove, undefined);
});

for (const [name, options] of [
  ['Global Privacy Control', { navigator: { globalPrivacyControl: true } }],
  ['Do Not Track (navigator)', { navigator: { doNotTrack: '1' } }],
  ['Do Not Track (window)', { window: { doNotTrack: '1' } }],
]) {
  test(`with ${name} nothing at all is asked or sent for pointer tracking, even with data-pointer="on"`, async () => {
    const p = page(options);
    await p.advance(5000);
    assert.equal(p.api.pointer.state, 'off');
    assert.equal(p.api.pointer.session, null);
    assert.deepEqual(p.requests, []);
    assert.equal(p.listeners.pointermove, undefined);
    p.fire('pagehide', {});
    assert.deepEqual(p.pointerBeacons(), []);
  });
}

test('the key is asked once (GET /v1/pointer with the key); a key without tracking records nothing', async () => {
  const p = page({ answer: (r) => (r.method === 'GET' ? { status: 200, body: { pointer_tracking: false } } : { status: 202 }) });
  await p.settle();
  assert.deepEqual(p.requests.map((r) => [r.method, r.url]), [['GET', 'https://ingest.example/v1/pointer?api_key=k']]);
  assert.equal(p.api.pointer.state, 'off');
  assert.equal(p.listeners.pointermove, undefined);
  const refused = page({ answer: () => ({ status: 401, body: {} }) });
  await refused.settle();
  assert.equal(refused.api.pointer.state, 'off');
});

test('a key that allows it: a random v4 session per page view, and the state announced', async () => {
  const p = await started();
  const q = await started();
  assert.match(p.api.pointer.session, UUID_V4);
  assert.notEqual(p.api.pointer.session, q.api.pointer.session);
  assert.deepEqual(p.announced.map((a) => a.state), ['asking', 'on']);
});

test('moves are sampled at most 10 times a second, and where the pointer stopped is sampled too', async () => {
  // given
  const p = await started();
  // when: a move every 20 ms for 990 ms, from x = 100 to 595
  for (let i = 0; i < 50; i++) {
    p.fire('pointermove', { target: body, clientX: 100 + i * 10 + 5, clientY: 100 });
    await p.advance(i === 49 ? 0 : 20);
  }
  await p.advance(3000); // then still: nothing more
  // then
  const samples = p.pointerPosts().flatMap((r) => r.body.samples);
  const times = samples.map(([t]) => t);
  assert.ok(samples.length <= 11 && samples.length >= 9, `${samples.length} samples`);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 100, `${times}`);
  assert.deepEqual(samples.at(-1).slice(1), ['viewport', 0.595, 0.2, 'm']);
  assert.ok(samples.every((s) => s[4] === 'm'));
});

test('a sample is relative to the nearest data-ct-area around the element under the pointer, else the viewport', async () => {
  // given
  const p = await started();
  const named = element({ 'data-ct-area': 'Bad Name' }, body, { left: 0, top: 0, width: 10, height: 10 });
  const empty = element({ 'data-ct-area': 'menu' }, body, { left: 0, top: 0, width: 0, height: 0 });
  // when: clicks (not throttled) on a cell of the grid, outside it, in a wrongly named and an empty area
  p.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
  p.fire('click', { target: body, detail: 1, clientX: 250, clientY: 125 });
  p.fire('click', { target: named, detail: 1, clientX: 500, clientY: 250 });
  p.fire('click', { target: empty, detail: 1, clientX: 1000, clientY: 0 });
  p.fire('click', { target: cell, detail: 0, clientX: 0, clientY: 0 }); // the keyboard's: no pointer
  p.fire('pointermove', { target: grid, clientX: 99.123, clientY: 250 }); // just outside the grid: clamped
  await p.advance(1000);
  // then
  assert.deepEqual(p.pointerPosts().flatMap((r) => r.body.samples).map(([, ...rest]) => rest), [
    ['grid', 0.125, 0.25, 'c'],
    ['viewport', 0.25, 0.25, 'c'],
    ['viewport', 0.5, 0.5, 'c'],
    ['viewport', 1, 0, 'c'],
    ['grid', 0, 1, 'm'],
  ]);
  assert.equal(p.warnings.length, 1);
  assert.match(p.warnings[0], /Bad Name/);
});

test('chunks at most one a second, the first at once: session, seq, the page without its query and fragment, the viewport, samples', async () => {
  // given
  const p = await started();
  // when: a click (sent at once), two more a second later, a quiet third second
  p.fire('click', { target: cell, detail: 1, clientX: 300, clientY: 150 });
  await p.advance(0);
  assert.equal(p.pointerPosts().length, 1);
  p.fire('pointermove', { target: cell, clientX: 310, clientY: 150 }); // not before a second went by
  await p.advance(999);
  assert.equal(p.pointerPosts().length, 1);
  await p.advance(1);
  p.fire('click', { target: cell, detail: 1, clientX: 300, clientY: 150 });
  p.fire('click', { target: cell, detail: 1, clientX: 500, clientY: 250 });
  await p.advance(1000);
  await p.advance(1000);
  // then
  const posts = p.pointerPosts();
  assert.equal(posts.length, 3);
  assert.equal(posts[0].url, 'https://ingest.example/v1/pointer?api_key=k');
  assert.equal(posts[0].headers['Content-Type'], 'text/plain');
  assert.deepEqual({ ...posts[0].body, samples: undefined }, {
    session: p.api.pointer.session, seq: 0, page: 'https://shop.example/paint', viewport: { w: 1000, h: 500 }, samples: undefined,
  });
  assert.deepEqual(posts.map((r) => r.body.seq), [0, 1, 2]);
  assert.deepEqual(posts[0].body.samples, [[0, 'grid', 0.5, 0.5, 'c']]);
  assert.deepEqual(posts[1].body.samples, [[100, 'grid', 0.525, 0.5, 'm']]);
  assert.deepEqual(posts[2].body.samples, [[1000, 'grid', 0.5, 0.5, 'c'], [1000, 'grid', 1, 1, 'c']]);
  for (const s of posts.flatMap((r) => r.body.samples)) assert.ok(Number.isInteger(s[0]));
});

test('at most 200 samples a chunk: a backlog goes in several, each under the next seq', async () => {
  const p = await started();
  for (let i = 0; i < 450; i++) p.fire('click', { target: cell, detail: 1, clientX: 100 + (i % 400), clientY: 60 });
  await p.advance(0); // two full chunks at once, the rest a second later
  assert.equal(p.pointerPosts().length, 2);
  await p.advance(1000);
  assert.deepEqual(p.pointerPosts().map((r) => [r.body.seq, r.body.samples.length]), [[0, 200], [1, 200], [2, 50]]);
  assert.ok(p.pointerPosts().every((r) => JSON.stringify(r.body).length <= 32 * 1024));
});

test('429/503 with Retry-After: the same chunk (same seq) again after the wait, new samples after it', async () => {
  // given: the first POST meets a 503 asking for 3 s
  const p = await started({
    answer: (r, all) => {
      if (r.method === 'GET') return { status: 200, body: { pointer_tracking: true } };
      return all.filter((x) => x.method === 'POST').length === 1 ? { status: 503, headers: { 'Retry-After': '3' } } : { status: 202 };
    },
  });
  p.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
  await p.advance(1000);
  p.fire('click', { target: cell, detail: 1, clientX: 200, clientY: 100 });
  // when
  await p.advance(1900);
  assert.equal(p.pointerPosts().length, 1, 'not before Retry-After');
  await p.advance(1200);
  // then
  const posts = p.pointerPosts();
  assert.deepEqual(posts.map((r) => r.body.seq), [0, 0, 1]);
  assert.deepEqual(posts[1].body, posts[0].body);
  assert.ok(posts[1].at - posts[0].at >= 3000);
});

test('403: the key has tracking off, recording stops for this page view; 400: the chunk is dropped, once logged', async () => {
  // given
  const refused = await started({ answer: (r) => (r.method === 'GET' ? { status: 200, body: { pointer_tracking: true } } : { status: 403 }) });
  refused.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
  await refused.advance(1000);
  refused.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
  await refused.advance(5000);
  refused.fire('pagehide', {});
  assert.equal(refused.api.pointer.state, 'stopped');
  assert.equal(refused.pointerPosts().length, 1);
  assert.deepEqual(refused.pointerBeacons(), []);
  assert.deepEqual(refused.listeners.pointermove, []);

  const invalid = await started({ answer: (r) => (r.method === 'GET' ? { status: 200, body: { pointer_tracking: true } } : { status: 400 }) });
  for (let i = 0; i < 3; i++) {
    invalid.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
    await invalid.advance(1000);
  }
  assert.deepEqual(invalid.pointerPosts().map((r) => r.body.seq), [0, 1, 2]);
  assert.equal(invalid.warnings.length, 1);
});

test('leaving the page: what is left goes by sendBeacon as text/plain, nothing twice', async () => {
  // given
  const p = await started();
  p.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
  await p.advance(1000);
  p.fire('click', { target: cell, detail: 1, clientX: 200, clientY: 100 });
  p.fire('pointermove', { target: cell, clientX: 210, clientY: 100 });
  // when
  p.fire('pagehide', {});
  p.fire('pagehide', {});
  // then
  const beacons = p.pointerBeacons();
  assert.equal(beacons.length, 1);
  assert.equal(beacons[0].url, 'https://ingest.example/v1/pointer?api_key=k');
  assert.equal(beacons[0].blob.type, 'text/plain');
  const sent = JSON.parse(await beacons[0].blob.text());
  assert.equal(sent.seq, 1);
  assert.equal(sent.session, p.api.pointer.session);
  assert.deepEqual(sent.samples.map(([, ...rest]) => rest), [['grid', 0.25, 0.25, 'c'], ['grid', 0.275, 0.25, 'm']]);
  await p.advance(2000);
  assert.equal(p.pointerPosts().length, 1);
});

test('the event tracking is unchanged: a click on a tracked element is still an event', async () => {
  const p = await started();
  p.fire('click', { target: cell, detail: 1, clientX: 150, clientY: 100 });
  const id = p.api.track('click', 'red');
  assert.match(id, UUID_V4);
  assert.equal(typeof p.api.flush, 'function');
});
