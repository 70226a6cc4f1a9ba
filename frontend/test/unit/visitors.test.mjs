import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LiveCursors, Player, Timeline, clockOf, cursorsProtocols, cursorsUrl, pageLabel, sessionsUrl, tokens,
} from '../../public/js/visitors.js';

const A = '0b6f2f0e-1d0a-4c5e-9a53-0e0f1f2a3b4c';
const B = '9d3c1b7a-5e2f-4a10-8b6c-7d8e9f0a1b2c';

test('the read token is kept per key in the storage given (sessionStorage), and forgotten', () => {
  // given
  const map = new Map();
  const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) };
  // when / then
  assert.equal(tokens.get(storage, 'demo'), null);
  tokens.set(storage, 'demo', 'demo-read');
  assert.equal(tokens.get(storage, 'demo'), 'demo-read');
  assert.equal(tokens.get(storage, 'other'), null);
  tokens.forget(storage, 'demo');
  assert.equal(tokens.get(storage, 'demo'), null);
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); }, removeItem() { throw new Error('denied'); } };
  assert.equal(tokens.get(broken, 'demo'), null);
  tokens.set(broken, 'demo', 'x');
  tokens.forget(broken, 'demo');
});

test('the cursors\' socket is ws(s) on the broadcast base or this origin; the read API on the counter base', () => {
  assert.equal(cursorsUrl('', 'demo', new URL('http://localhost:8080/?visitors=1')),
    'ws://localhost:8080/v1/live/cursors?api_key=demo');
  assert.equal(cursorsUrl('https://live.example', 'a b', new URL('http://x/')),
    'wss://live.example/v1/live/cursors?api_key=a+b');
  // the token travels as a subprotocol, never in the address
  assert.deepEqual(cursorsProtocols('demo-read'), ['cursors.v1', 'token.demo-read']);
  assert.equal(sessionsUrl('http://localhost:8080', 'demo', { limit: 50 }), 'http://localhost:8080/v1/sessions?api_key=demo&limit=50');
  assert.equal(sessionsUrl('https://counter.example', 'demo', { session: A }), `https://counter.example/v1/sessions/${A}?api_key=demo`);
});

test('presence is everyone there; joined adds, left removes; the longest-present first', () => {
  // given
  const live = new LiveCursors();
  // when
  const first = live.apply({ type: 'presence', sessions: [
    { session: B, page: 'https://shop.example/b', since: '2026-05-01T10:00:05Z' },
    { session: A, page: 'https://shop.example/a', since: '2026-05-01T10:00:00Z' },
  ] });
  // then
  assert.equal(first.listChanged, true);
  assert.deepEqual(live.list().map((v) => v.session), [A, B]);
  // when
  live.apply({ type: 'joined', session: 'c', page: 'https://shop.example/c', since: '2026-05-01T10:01:00Z' });
  assert.deepEqual(live.apply({ type: 'left', session: A }), { listChanged: true, moved: [] });
  assert.deepEqual(live.apply({ type: 'left', session: 'never-here' }), { listChanged: false, moved: [] });
  // then
  assert.deepEqual(live.list().map((v) => [v.session, v.page]), [[B, 'https://shop.example/b'], ['c', 'https://shop.example/c']]);
});

test('cursors frames move each session\'s pointer; an older position never replaces a newer one', () => {
  // given
  const live = new LiveCursors();
  live.apply({ type: 'presence', sessions: [{ session: A, page: 'p', since: '2026-05-01T10:00:00Z' }] });
  // when
  const moved = live.apply({ type: 'cursors', positions: [{ session: A, area: 'grid', x: 0.25, y: 0.5, t: 1200 }] });
  live.apply({ type: 'cursors', positions: [{ session: A, area: 'grid', x: 0.9, y: 0.9, t: 1100 }] });
  // then
  assert.deepEqual(moved, { listChanged: false, moved: [A] });
  assert.deepEqual(live.visitors.get(A).position, { area: 'grid', x: 0.25, y: 0.5, t: 1200 });
  // when: an unknown session moves (its joined frame not seen), out-of-range values are clamped
  const unknown = live.apply({ type: 'cursors', positions: [{ session: B, area: 'viewport', x: 1.5, y: -1, t: 10 }] });
  // then
  assert.deepEqual(unknown, { listChanged: true, moved: [B] });
  assert.deepEqual(live.visitors.get(B), { session: B, page: null, since: null, position: { area: 'viewport', x: 1, y: 0, t: 10 } });
  // and a new presence (a reconnect) keeps the known positions of those still there
  live.apply({ type: 'presence', sessions: [{ session: A, page: 'p', since: '2026-05-01T10:00:00Z' }] });
  assert.deepEqual(live.list().map((v) => [v.session, v.position?.x]), [[A, 0.25]]);
});

const samples = [
  [0, 'grid', 0.1, 0.1, 'm'],
  [100, 'grid', 0.2, 0.3, 'm'],
  [200, 'grid', 0.4, 0.5, 'c'],
  [1500, 'grid', 0.5, 0.5, 'm'], // after a pause: the pointer was still at 0.4, 0.5 until here
  [1600, 'viewport', 0.9, 0.1, 'm'],
];

test('replay: where the pointer was at t, moving in a line between close samples, still across a pause', () => {
  const timeline = new Timeline(samples);
  assert.equal(timeline.duration, 1600);
  assert.equal(timeline.at(-1), null);
  assert.deepEqual(timeline.at(0), { area: 'grid', x: 0.1, y: 0.1 });
  const halfway = timeline.at(50);
  assert.ok(Math.abs(halfway.x - 0.15) < 1e-9 && Math.abs(halfway.y - 0.2) < 1e-9, JSON.stringify(halfway));
  assert.deepEqual(timeline.at(800), { area: 'grid', x: 0.4, y: 0.5 });
  assert.deepEqual(timeline.at(1550), { area: 'grid', x: 0.5, y: 0.5 }); // no gliding into another area
  assert.deepEqual(timeline.at(99999), { area: 'viewport', x: 0.9, y: 0.1 });
});

test('replay: the trail up to t in one area, its clicks, and the areas most visited first', () => {
  const timeline = new Timeline(samples);
  assert.deepEqual(timeline.trail(150, 'grid'), [[0.1, 0.1, 'm'], [0.2, 0.3, 'm']]);
  assert.deepEqual(timeline.trail(1600, 'grid').length, 4);
  assert.deepEqual(timeline.trail(1600, 'viewport'), [[0.9, 0.1, 'm']]);
  assert.deepEqual(timeline.clicks(199), []);
  assert.deepEqual(timeline.clicks(200).map((c) => [c.t, c.x, c.y]), [[200, 0.4, 0.5]]);
  assert.deepEqual(timeline.areas(), ['grid', 'viewport']);
  assert.deepEqual(new Timeline([]).areas(), []);
  assert.equal(new Timeline([]).duration, 0);
});

test('the player: plays at 1× or 4×, pauses, is scrubbed, stops at the end and starts over after it', () => {
  // given
  const player = new Player(10000);
  // when / then
  assert.equal(player.advance(500), false); // paused: nothing moves
  player.play();
  player.advance(1000);
  assert.equal(player.t, 1000);
  player.setSpeed(4);
  player.advance(1000);
  assert.equal(player.t, 5000);
  player.setSpeed(3); // not offered: unchanged
  assert.equal(player.speed, 4);
  player.seek(9000);
  player.advance(1000);
  assert.equal(player.t, 10000);
  assert.equal(player.playing, false);
  player.play();
  assert.equal(player.t, 0);
  player.seek(-5);
  assert.equal(player.t, 0);
  player.seek(123456);
  assert.equal(player.t, 10000);
  const empty = new Player(0);
  empty.play();
  assert.equal(empty.playing, false);
});

test('times and pages as the lists show them', () => {
  assert.equal(clockOf(0), '0:00');
  assert.equal(clockOf(75_000), '1:15');
  assert.equal(clockOf(3_725_000), '1:02:05');
  assert.equal(pageLabel('https://shop.example/paint?x=1'), 'shop.example/paint?x=1');
  assert.equal(pageLabel(null), 'page unknown');
  assert.equal(pageLabel('not a url'), 'not a url');
});
