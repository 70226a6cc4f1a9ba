import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolateInferno } from 'd3';
import {
  LiveBins, SCALE_FLOOR, binOf, fold, heatmapUrl, rangeQuery, scaleOf, summary, throttle,
} from '../../public/js/heatmap.js';

test('a position falls in floor(x * resolution), and the far edge in the last bin', () => {
  assert.equal(binOf(0, 32), 0);
  assert.equal(binOf(0.03124, 32), 0);
  assert.equal(binOf(0.03125, 32), 1);
  assert.equal(binOf(0.5, 32), 16);
  assert.equal(binOf(0.9999, 32), 31);
  assert.equal(binOf(1, 32), 31);
  assert.equal(binOf(1, 1), 0);
});

test('folding 32 bins into 16, 8, 4, 2 and 1 adds them up where the server would have put the same positions', () => {
  // given: positions, binned at 32 as the server does
  const positions = [[0, 0], [0.02, 0.01], [0.5, 0.5], [0.51, 0.49], [0.99, 0.2], [1, 1], [0.24, 0.76]];
  const at = (resolution) => {
    const bins = new Map();
    for (const [x, y] of positions) {
      const key = `${binOf(x, resolution)},${binOf(y, resolution)}`;
      bins.set(key, (bins.get(key) ?? 0) + 1);
    }
    return [...bins].map(([key, count]) => [...key.split(',').map(Number), count])
      .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  };
  // when / then
  for (const resolution of [32, 16, 8, 4, 2, 1]) {
    assert.deepEqual(fold(at(32), 32, resolution), at(resolution), `at ${resolution}`);
  }
  assert.deepEqual(fold(at(32), 32, 1), [[0, 0, positions.length]]);
  assert.throws(() => fold([], 32, 10), RangeError);
});

test('folded bins are sorted by row, then column, and keep no zeros', () => {
  // given
  const bins = [[31, 0, 2], [0, 31, 1], [1, 0, 0], [0, 0, 5]];
  // when
  const folded = fold(bins, 32, 2);
  // then
  assert.deepEqual(folded, [[0, 0, 5], [1, 0, 2], [0, 1, 1]]);
  assert.deepEqual(summary(folded), { total: 8, max: 5 });
});

test('the color scale: zero is not drawn, one event sits at the floor, the maximum at the top', () => {
  assert.equal(scaleOf(0, 10), null);
  assert.equal(scaleOf(3, 0), null);
  assert.equal(scaleOf(10, 10), 1);
  assert.equal(scaleOf(20, 10), 1); // a count above the legend's max is drawn at the top, not past it
  assert.ok(Math.abs(scaleOf(1, 1_000_000) - SCALE_FLOOR) < 1e-6);
  assert.ok(scaleOf(4, 10) < scaleOf(5, 10));
  // with the dashboard's interpolator: dark purple for the fewest, inferno's pale yellow for the most
  assert.equal(interpolateInferno(scaleOf(10, 10)), interpolateInferno(1));
  assert.equal(interpolateInferno(1), '#fcffa4');
  assert.notEqual(interpolateInferno(scaleOf(1, 100)), interpolateInferno(0), 'one event is not drawn in black');
});

test('live bins take a change only when its version is above the one held: never going back', () => {
  // given
  const live = new LiveBins();
  live.applyAll([
    { action: 'click', color: 'red', bx: 3, by: 1, amount: 5, version: 5 },
    { action: 'click', color: 'blue', bx: 3, by: 1, amount: 2, version: 2 },
    { action: 'hover', color: 'red', bx: 0, by: 0, amount: 9, version: 9 },
  ]);
  // when: a late frame, a repeat, then a newer change
  const late = live.apply({ action: 'click', color: 'red', bx: 3, by: 1, amount: 4, version: 4 });
  const repeat = live.apply({ action: 'click', color: 'red', bx: 3, by: 1, amount: 5, version: 5 });
  const newer = live.applyAll([{ action: 'click', color: 'red', bx: 3, by: 1, amount: 6, version: 6 }]);
  // then
  assert.deepEqual([late, repeat, newer], [false, false, true]);
  assert.deepEqual(live.bins('click', 'red'), [[3, 1, 6]]);
  assert.deepEqual(live.bins('click'), [[3, 1, 8]], 'all colors added up');
  assert.deepEqual(live.bins('hover'), [[0, 0, 9]]);
});

test('a snapshot older than what frames already brought changes nothing', () => {
  // given: frames got ahead of a (re)connect's snapshot
  const live = new LiveBins();
  live.applyAll([{ action: 'click', color: 'red', bx: 0, by: 2, amount: 7, version: 7 }]);
  // when
  const taken = live.applyAll([
    { action: 'click', color: 'red', bx: 0, by: 2, amount: 6, version: 6 },
    { action: 'click', color: 'red', bx: 1, by: 0, amount: 1, version: 1 },
  ]);
  // then: the new bin is taken, the older value is not
  assert.equal(taken, true);
  assert.deepEqual(live.bins('click', null), [[1, 0, 1], [0, 2, 7]]);
  assert.equal(live.apply({ action: 'click', color: 'red', bx: 'x', by: 0, amount: 1, version: 9 }), false);
});

test('ranges are UTC days: today, 7 and 30 days back including today, and all time', () => {
  // given: just before midnight UTC on the first of March of a leap year
  const now = Date.parse('2028-03-01T23:59:59.999Z');
  // then
  assert.deepEqual(rangeQuery('today', now), { from: '2028-03-01', to: '2028-03-01' });
  assert.deepEqual(rangeQuery('7d', now), { from: '2028-02-24', to: '2028-03-01' });
  assert.deepEqual(rangeQuery('30d', now), { from: '2028-02-01', to: '2028-03-01' });
  assert.deepEqual(rangeQuery('all', now), { range: 'all' });
  // and one millisecond later it is the next day, whatever the machine's time zone
  assert.deepEqual(rangeQuery('today', now + 1), { from: '2028-03-02', to: '2028-03-02' });
  assert.deepEqual(rangeQuery('7d', Date.parse('2027-01-03T00:00:00Z')), { from: '2026-12-28', to: '2027-01-03' });
});

test('the heatmap URL names area, action, color only when one is chosen, the range and 32 bins', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  assert.equal(heatmapUrl('http://gateway:8080', { area: 'grid', action: 'click', range: 'all', now }),
    'http://gateway:8080/v1/heatmap?area=grid&action=click&range=all&resolution=32');
  assert.equal(heatmapUrl('https://counter.example/', { area: 'grid', action: 'hover', color: 'red', range: '7d', now }),
    'https://counter.example/v1/heatmap?area=grid&action=hover&color=red&from=2026-11-22&to=2026-11-28&resolution=32');
});

test('throttle: the first ask runs at once, the asks of the next 500 ms run once at their end', (t) => {
  // given
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1000 });
  let runs = 0;
  const ask = throttle(() => { runs += 1; }, 500);
  // when
  ask();
  const first = runs;
  ask();
  ask();
  t.mock.timers.tick(499);
  const meanwhile = runs;
  t.mock.timers.tick(1);
  const after = runs;
  t.mock.timers.tick(1000);
  ask();
  // then
  assert.deepEqual([first, meanwhile, after, runs], [1, 1, 2, 3]);
  ask();
  ask.cancel();
  t.mock.timers.tick(1000);
  assert.equal(runs, 3, 'a cancelled ask does not run');
});
