import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingEvents, ServerCounts } from '../../public/js/state.js';

const snapshot = (counts, versions) => ({ type: 'snapshot', counts, versions });

test('a snapshot gives every palette color, zeros included, in a stable order', () => {
  // given
  const server = new ServerCounts();
  // when
  server.applyCounts({ click: { red: 2, blue: 0, yellow: 1, green: 0 }, hover: { red: 0, blue: 5, yellow: 0, green: 0 } },
    { click: { red: 2, blue: 0, yellow: 1, green: 0 }, hover: { red: 0, blue: 5, yellow: 0, green: 0 } });
  // then
  assert.deepEqual(server.palette, ['blue', 'green', 'red', 'yellow']);
  assert.equal(server.amount('click', 'red'), 2);
  assert.equal(server.amount('hover', 'blue'), 5);
  assert.equal(server.amount('click', 'green'), 0);
  assert.equal(server.total('click'), 3);
});

test('an update older than what is shown is ignored: a count never goes down', () => {
  // given
  const server = new ServerCounts();
  server.applyCounts({ click: { red: 7 }, hover: {} }, { click: { red: 7 }, hover: {} });
  // when: a late update of version 5, then a newer one
  const stale = server.apply('click', 'red', 5, 5);
  const fresh = server.apply('click', 'red', 9, 9);
  // then
  assert.equal(stale, null);
  assert.deepEqual(fresh, { action: 'click', color: 'red', amount: 9, delta: 2 });
  assert.equal(server.amount('click', 'red'), 9);
});

test('the same version twice counts once, and a resync snapshot only reports what grew', () => {
  // given
  const server = new ServerCounts();
  server.applyCounts(snapshot({ click: { red: 1, blue: 0 }, hover: {} }, { click: { red: 1, blue: 0 }, hover: {} }).counts,
    { click: { red: 1, blue: 0 }, hover: {} });
  assert.equal(server.apply('click', 'red', 1, 1), null);
  // when: a reconnect brings a fresh snapshot with one counter moved on
  const changes = server.applyCounts({ click: { red: 4, blue: 0 }, hover: {} }, { click: { red: 4, blue: 0 }, hover: {} });
  // then
  assert.deepEqual(changes, [{ action: 'click', color: 'red', amount: 4, delta: 3 }]);
});

test('polled counts carry no versions: the larger amount wins', () => {
  // given
  const server = new ServerCounts();
  server.applyCounts({ click: { red: 3 }, hover: { red: 1 } });
  // when: an older poll answer arrives after a newer one
  server.applyCounts({ click: { red: 2 }, hover: { red: 1 } });
  // then
  assert.equal(server.amount('click', 'red'), 3);
});

test('unknown actions and non-numbers are ignored', () => {
  const server = new ServerCounts();
  assert.equal(server.apply('scroll', 'red', 3, 3), null);
  assert.equal(server.apply('click', 'red', NaN, 3), null);
  assert.equal(server.amount('click', 'red'), 0);
});

test('optimistic: an own event shows at once and settles when the server has counted it', () => {
  // given
  const server = new ServerCounts();
  server.applyCounts({ click: { red: 10 }, hover: {} }, { click: { red: 10 }, hover: {} });
  const pending = new PendingEvents();
  // when: two clicks before the server heard of either
  pending.add(server, { id: 'a', action: 'click', color: 'red' });
  pending.add(server, { id: 'b', action: 'click', color: 'red' });
  // then
  assert.equal(pending.shown(server, 'click', 'red'), 12);
  // when: the server counts the first one
  server.apply('click', 'red', 11, 11);
  pending.settle(server);
  // then: still 12 on screen, one event left to settle
  assert.equal(pending.shown(server, 'click', 'red'), 12);
  assert.equal(pending.size, 1);
  server.apply('click', 'red', 12, 12);
  pending.settle(server);
  assert.equal(pending.size, 0);
  assert.equal(pending.shown(server, 'click', 'red'), 12);
});

test('optimistic: other pages\' events never make the count shown go down', () => {
  // given: one own click drawn at 6
  const server = new ServerCounts();
  server.applyCounts({ click: { red: 5 }, hover: {} }, { click: { red: 5 }, hover: {} });
  const pending = new PendingEvents();
  pending.add(server, { id: 'own', action: 'click', color: 'red' });
  // when: someone else's click arrives first (6), then ours (7)
  server.apply('click', 'red', 6, 6);
  pending.settle(server);
  const afterOther = pending.shown(server, 'click', 'red');
  server.apply('click', 'red', 7, 7);
  // then
  assert.equal(afterOther, 6);
  assert.equal(pending.shown(server, 'click', 'red'), 7);
});

test('optimistic: a refused event is taken back, and later own events shift down with it', () => {
  // given
  const server = new ServerCounts();
  server.applyCounts({ click: { blue: 0 }, hover: {} }, { click: { blue: 0 }, hover: {} });
  const pending = new PendingEvents();
  pending.add(server, { id: 'first', action: 'click', color: 'blue' });
  pending.add(server, { id: 'second', action: 'click', color: 'blue' });
  // when
  const touched = pending.refuse(['first', 'unknown-id']);
  // then
  assert.deepEqual(touched, [{ action: 'click', color: 'blue' }]);
  assert.equal(pending.shown(server, 'click', 'blue'), 1);
  server.apply('click', 'blue', 1, 1);
  pending.settle(server);
  assert.equal(pending.size, 0);
});

test('optimistic: an event the server accepted but never counted is given up after its patience', () => {
  // given
  const server = new ServerCounts();
  const pending = new PendingEvents(30000);
  pending.add(server, { id: 'lost', action: 'hover', color: 'green' });
  pending.accepted(['lost'], 1000);
  // when
  pending.settle(server, 20000);
  const before = pending.shown(server, 'hover', 'green');
  const changed = pending.settle(server, 31001);
  // then
  assert.equal(before, 1);
  assert.equal(changed, true);
  assert.equal(pending.shown(server, 'hover', 'green'), 0);
});

test('optimistic: an event still on its way (not accepted yet) is never given up', () => {
  // given: the tracker keeps retrying it, the server has not taken it
  const server = new ServerCounts();
  const pending = new PendingEvents(30000);
  pending.add(server, { id: 'retrying', action: 'click', color: 'red' });
  // when
  const changed = pending.settle(server, Date.now() + 3600000);
  // then
  assert.equal(changed, false);
  assert.equal(pending.shown(server, 'click', 'red'), 1);
});
