// heatmap.js (the overlay for third-party pages, served by ingest-service) has its own small color
// scale, since it may not load D3: it must stay close to the dashboard's d3.interpolateInferno.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { color as parse, interpolateInferno } from 'd3';

const source = fs.readFileSync(
  new URL('../../../ingest-service/src/main/resources/META-INF/resources/heatmap.js', import.meta.url), 'utf8');

function overlayScale() {
  // no script tag to read options from: it only says what it is, and draws nothing
  const window = { document: { currentScript: null } };
  window.window = window;
  vm.runInNewContext(source, window);
  return window.ColorTrackingHeatmap.color;
}

test('the overlay\'s scale has inferno\'s endpoints: near-black at 0, pale yellow at 1', () => {
  const color = overlayScale();
  assert.equal(color(0), 'rgb(0, 0, 4)');
  assert.equal(color(1), 'rgb(252, 255, 164)');
  assert.equal(color(-1), color(0));
  assert.equal(color(2), color(1));
});

test('in between, it is within a few levels of d3.interpolateInferno', () => {
  const color = overlayScale();
  for (let t = 0; t <= 1; t += 0.01) {
    const ours = parse(color(t));
    const d3s = parse(interpolateInferno(t));
    const worst = Math.max(Math.abs(ours.r - d3s.r), Math.abs(ours.g - d3s.g), Math.abs(ours.b - d3s.b));
    assert.ok(worst <= 20, `at ${t.toFixed(2)}: ${color(t)} against ${interpolateInferno(t)}`);
  }
});
