import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateWindow, gridColors, shadeOf, slices } from '../../public/js/chart-data.js';

test('slices keep every color in palette order, zeros included, so colors never shift', () => {
  // given
  const palette = ['blue', 'green', 'red', 'yellow'];
  const counts = { red: 4 };
  // when
  const data = slices(palette, (color) => counts[color] ?? 0);
  // then
  assert.deepEqual(data.map((s) => s.color), palette);
  assert.deepEqual(data.map((s) => s.value), [0, 0, 4, 0]);
});

test('a color is always drawn in the same shade; unknown names are used as CSS colors', () => {
  assert.equal(shadeOf('red'), shadeOf('red'));
  assert.notEqual(shadeOf('red'), shadeOf('blue'));
  assert.equal(shadeOf('teal'), 'teal');
});

test('the grid has 100 cells, every palette color at least once, shuffled by the random source', () => {
  // given
  const palette = ['blue', 'green', 'red', 'yellow'];
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  // when
  const cells = gridColors(palette, 100, random);
  // then
  assert.equal(cells.length, 100);
  for (const color of palette) assert.ok(cells.includes(color), color);
  assert.ok(cells.every((color) => palette.includes(color)));
  assert.notDeepEqual(cells.slice(0, 4), palette);
  assert.deepEqual(gridColors([], 100), []);
});

test('the rate window adds what arrives in the same second and keeps the last 60 s', () => {
  // given
  const window = new RateWindow(60);
  const t0 = Date.parse('2026-11-28T10:00:00.000Z');
  // when
  window.record('click', 2, t0 + 100);
  window.record('click', 3, t0 + 900);
  window.record('hover', 4, t0 + 1500);
  window.record('hover', 0, t0 + 1600);
  const points = window.points(t0 + 1999);
  // then
  assert.equal(points.length, 60);
  assert.deepEqual(points.at(-2), { t: t0, click: 5, hover: 0 });
  assert.deepEqual(points.at(-1), { t: t0 + 1000, click: 0, hover: 4 });
  // and 61 s later both have left the window
  assert.ok(window.points(t0 + 61000).every((p) => p.click === 0 && p.hover === 0));
});

test('seeding from the series API replaces that action\'s history with the buckets\' totals', () => {
  // given: what the page itself saw
  const window = new RateWindow(60);
  const t0 = Date.parse('2026-11-28T10:00:00Z');
  window.record('click', 9, t0);
  window.record('hover', 1, t0);
  // when
  window.seed('click', [
    { start: '2026-11-28T09:59:59Z', counts: { red: 1, blue: 2 } },
    { start: '2026-11-28T10:00:00Z', counts: { red: 3, blue: 0 } },
  ], t0 + 10);
  // then
  const points = window.points(t0 + 10);
  assert.deepEqual(points.at(-1), { t: t0, click: 3, hover: 1 });
  assert.deepEqual(points.at(-2), { t: t0 - 1000, click: 3, hover: 0 });
});
