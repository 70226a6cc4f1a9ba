// tracker.js itself (one classic script, served by ingest-service), run in a bare VM with just the
// browser objects it touches: which area and position its clicks and hovers carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { webcrypto } from 'node:crypto';

const source = fs.readFileSync(
  new URL('../../../ingest-service/src/main/resources/META-INF/resources/tracker.js', import.meta.url), 'utf8');

/** A page with tracker.js loaded; returns its document listeners and what it queued. */
function page() {
  const listeners = {};
  const queued = [];
  const warnings = [];
  const storage = new Map();
  const window = {
    document: {
      currentScript: { src: 'https://ingest.example/tracker.js', getAttribute: (name) => ({ 'data-api-key': 'k', 'data-flush-ms': '600000' })[name] ?? null },
      addEventListener: (type, listener) => { listeners[type] = listener; },
      visibilityState: 'visible',
    },
    location: { href: 'https://shop.example/' },
    localStorage: {
      get length() { return storage.size; },
      key: (i) => [...storage.keys()][i] ?? null,
      getItem: (name) => storage.get(name) ?? null,
      setItem: (name, value) => storage.set(name, String(value)),
      removeItem: (name) => storage.delete(name),
    },
    crypto: webcrypto,
    addEventListener() {},
    dispatchEvent: (event) => { if (event.type === 'colortracking:queued') queued.push(event.detail); },
    CustomEvent: class { constructor(type, { detail }) { Object.assign(this, { type, detail }); } },
    console: { warn: (text) => warnings.push(text) },
    setTimeout: () => 0, // nothing is sent: only what is queued matters here
    clearTimeout() {},
    URL,
  };
  window.window = window;
  vm.runInNewContext(source, window);
  return { listeners, queued, warnings, api: window.ColorTracking };
}

/** A minimal element: attributes, a parent, and a box on screen. */
function element(attributes, parent = null, box = { left: 0, top: 0, width: 0, height: 0 }) {
  return {
    tagName: 'DIV',
    parent,
    getAttribute: (name) => attributes[name] ?? null,
    getBoundingClientRect: () => box,
    closest(selector) {
      const name = selector.slice(1, -1); // '[data-ct-…]'
      for (let el = this; el; el = el.parent) if (el.getAttribute(name) !== null) return el;
      return null;
    },
  };
}

test('a click carries its area and where in it, as fractions of the area\'s box with 4 decimals', () => {
  // given: a 320 × 200 area at (100, 50) with a tracked cell in it
  const { listeners, queued } = page();
  const grid = element({ 'data-ct-area': 'grid' }, null, { left: 100, top: 50, width: 320, height: 200 });
  const cell = element({ 'data-ct-color': 'red' }, grid, { left: 140, top: 90, width: 40, height: 40 });
  // when
  listeners.click({ target: cell, detail: 1, clientX: 150, clientY: 100 });
  // then
  assert.equal(queued.length, 1);
  assert.deepEqual({ ...queued[0], id: undefined }, { id: undefined, action: 'click', color: 'red', area: 'grid', x: 0.1563, y: 0.25 });
});

test('a pointer outside the area\'s box (a cell grown on hover) is clamped to its edge', () => {
  const { listeners, queued } = page();
  const grid = element({ 'data-ct-area': 'grid' }, null, { left: 0, top: 0, width: 100, height: 100 });
  const cell = element({ 'data-ct-color': 'blue' }, grid);
  listeners.click({ target: cell, detail: 1, clientX: -3, clientY: 104 });
  assert.equal(queued[0].x, 0);
  assert.equal(queued[0].y, 1);
});

test('without a data-ct-area around it, the tracked element is its own area, named "element"', () => {
  // given: the click lands on a child of the tracked element
  const { listeners, queued } = page();
  const button = element({ 'data-ct-color': 'green' }, null, { left: 10, top: 10, width: 200, height: 50 });
  const label = element({}, button);
  // when
  listeners.click({ target: label, detail: 1, clientX: 60, clientY: 35 });
  // then
  assert.equal(queued[0].area, 'element');
  assert.equal(queued[0].x, 0.25);
  assert.equal(queued[0].y, 0.5);
});

test('a click from the keyboard (detail 0) or Enter on a tracked element carries no area and no position', () => {
  const { listeners, queued } = page();
  const grid = element({ 'data-ct-area': 'grid' }, null, { left: 0, top: 0, width: 100, height: 100 });
  const cell = element({ 'data-ct-color': 'red' }, grid);
  listeners.click({ target: cell, detail: 0, clientX: 0, clientY: 0 });
  listeners.keydown({ key: 'Enter', repeat: false, target: cell });
  assert.equal(queued.length, 2);
  for (const event of queued) {
    assert.deepEqual(Object.keys(event).sort(), ['action', 'color', 'id'], JSON.stringify(event));
  }
});

test('an area without a size gives no position, and the click is still counted', () => {
  const { listeners, queued } = page();
  const hidden = element({ 'data-ct-area': 'menu' }, null, { left: 0, top: 0, width: 0, height: 0 });
  listeners.click({ target: element({ 'data-ct-color': 'red' }, hidden), detail: 1, clientX: 5, clientY: 5 });
  assert.deepEqual(Object.keys(queued[0]).sort(), ['action', 'color', 'id']);
});

test('a hover carries where the pointer entered; a finger\'s touch is no hover', () => {
  const { listeners, queued } = page();
  const grid = element({ 'data-ct-area': 'grid' }, null, { left: 0, top: 0, width: 200, height: 100 });
  const cell = element({ 'data-ct-color': 'yellow' }, grid);
  listeners.pointerover({ target: cell, relatedTarget: null, pointerType: 'mouse', clientX: 50, clientY: 75 });
  listeners.pointerover({ target: cell, relatedTarget: null, pointerType: 'touch', clientX: 50, clientY: 75 });
  assert.equal(queued.length, 1);
  assert.deepEqual({ ...queued[0], id: undefined }, { id: undefined, action: 'hover', color: 'yellow', area: 'grid', x: 0.25, y: 0.75 });
});

test('track(action, color, {area, x, y}): rounded and clamped; a bad area name drops the position, not the event', () => {
  const { api, queued, warnings } = page();
  api.track('click', 'red');
  api.track('click', 'red', { area: 'hero', x: 0.123456, y: 2 });
  api.track('click', 'red', { area: 'Hero Banner', x: 0.5, y: 0.5 });
  api.track('click', 'red', { area: 'hero' });
  api.track('click', 'red', { x: 0.5, y: 0.5 });
  const places = queued.map(({ area, x, y }) => ({ area, x, y }));
  assert.deepEqual(places, [
    { area: undefined, x: undefined, y: undefined },
    { area: 'hero', x: 0.1235, y: 1 },
    { area: undefined, x: undefined, y: undefined },
    { area: 'hero', x: undefined, y: undefined },
    { area: undefined, x: undefined, y: undefined },
  ]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Hero Banner/);
});
