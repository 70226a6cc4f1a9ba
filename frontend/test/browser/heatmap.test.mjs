// Heatmaps in a real browser against the running platform: clicks on the dashboard's grid land in
// the bins under the pointer (on the server and on the overlay), a second window follows live, the
// keyboard counts without a position, and the example page's overlay (?ct-heatmap=1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  eventually, gateway, holds, launchBrowser, newKey, openDashboard, serverCounts, serverHeatmap, startExampleSite, watch,
} from './harness.mjs';

const BINS = 32;
let browser;
let site;

before(async () => {
  browser = await launchBrowser();
  site = await startExampleSite();
});
after(async () => {
  await browser?.close();
  site?.close();
});

/**
 * Where to click elements of an area: for each, the 32 × 32 bin its centre falls in, and that
 * bin's centre on screen, so that no rounding can move a click into a neighbouring bin.
 */
function aim(page, area, elements, indexes) {
  return page.evaluate(({ area, elements, indexes, n }) => {
    const box = document.querySelector(area).getBoundingClientRect();
    const all = document.querySelectorAll(elements);
    return indexes.map((i) => {
      const r = all[i].getBoundingClientRect();
      const bx = Math.min(n - 1, Math.floor(((r.x + r.width / 2 - box.x) / box.width) * n));
      const by = Math.min(n - 1, Math.floor(((r.y + r.height / 2 - box.y) / box.height) * n));
      return { bx, by, x: box.x + ((bx + 0.5) * box.width) / n, y: box.y + ((by + 0.5) * box.height) / n };
    });
  }, { area, elements, indexes, n: BINS });
}

/** [[bx, by, count], …] of clicks at these points, sorted as the server sorts them. */
function binsOf(points) {
  const counts = new Map();
  for (const { bx, by } of points) counts.set(by * BINS + bx, (counts.get(by * BINS + bx) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([key, count]) => [key % BINS, Math.floor(key / BINS), count]);
}

async function clickAt(page, points) {
  for (const { x, y } of points) await page.mouse.click(x, y);
}

const drawn = async (page) => JSON.parse(await page.locator('#heatmap').getAttribute('data-bins'));
const clicks = async (apiKey) => Object.values((await serverCounts(apiKey)).click).reduce((a, b) => a + b, 0);

async function openHeatmap(context, apiKey) {
  const page = await openDashboard(context, apiKey, 'websocket', '&heatmap=1');
  await page.locator('#heatmap[data-live="live"][data-state="ready"]').waitFor({ timeout: 10000 });
  return page;
}

describe('heatmaps', () => {
  test('clicks land in the bin under the pointer: the server\'s heatmap and the overlay agree', async () => {
    // given: the heatmap on (all time, clicks), over the grid exactly
    const apiKey = await newKey('heat');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openHeatmap(context, apiKey);
    const [grid, canvas] = await Promise.all([page.locator('#cells').boundingBox(), page.locator('#heatmap').boundingBox()]);
    for (const side of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(grid[side] - canvas[side]) < 1, `${side}: ${grid[side]} ${canvas[side]}`);

    // when: five clicks, two of them on the same spot
    const points = await aim(page, '#cells', '.cell', [0, 0, 11, 45, 99]);
    await clickAt(page, points);

    // then: the cells under the canvas got the clicks, and each landed in its bin
    const expected = binsOf(points);
    await eventually(async () => {
      const heat = await serverHeatmap(apiKey);
      assert.deepEqual(heat.bins, expected);
      assert.equal(heat.total, 5);
      assert.equal(heat.max, 2);
      assert.equal(heat.area, 'grid');
    }, { timeout: 5000, message: 'GET /v1/heatmap' });
    assert.equal(await clicks(apiKey), 5);
    await eventually(async () => {
      assert.deepEqual(await drawn(page), expected);
      assert.equal(await page.locator('#heatmap').getAttribute('data-total'), '5');
      assert.equal(await page.locator('#heatmap').getAttribute('data-max'), '2');
    }, { timeout: 2000, message: 'the overlay' });
    await context.close();
  });

  test('a second window with the heatmap open draws the new clicks live, without a reload', async () => {
    // given
    const apiKey = await newKey('heat-live');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await openHeatmap(context, apiKey);
    const second = await openHeatmap(context, apiKey);
    await second.evaluate(() => { window.sameDocument = true; });
    assert.deepEqual(await drawn(second), []);

    // when
    const points = await aim(first, '#cells', '.cell', [3, 27, 27, 64]);
    await clickAt(first, points);
    const clicked = Date.now();

    // then
    await eventually(async () => assert.deepEqual(await drawn(second), binsOf(points)), { timeout: 2000 });
    console.log(`clicks drawn on the second window's heatmap in ${Date.now() - clicked} ms`);
    assert.equal(await second.evaluate(() => window.sameDocument), true);
    await context.close();
  });

  test('a click from the keyboard is counted, but has no place in the heatmap', async () => {
    // given
    const apiKey = await newKey('heat-keys');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openHeatmap(context, apiKey);

    // when: Enter on a cell, then one click with the mouse
    await page.locator('.cell').nth(22).focus();
    await page.keyboard.press('Enter');
    await eventually(async () => assert.equal(await clicks(apiKey), 1));
    const points = await aim(page, '#cells', '.cell', [57]);
    await clickAt(page, points);

    // then
    await eventually(async () => {
      assert.equal(await clicks(apiKey), 2);
      assert.equal((await serverHeatmap(apiKey)).total, 1);
      assert.deepEqual(await drawn(page), binsOf(points));
    }, { timeout: 5000 });
    await holds(async () => {
      assert.equal((await serverHeatmap(apiKey)).total, 1);
      assert.equal(await page.locator('#heatmap').getAttribute('data-total'), '1');
    }, 500);
    await context.close();
  });

  test('on a phone: taps land in the bin under the finger, and the heatmap fits the screen', async () => {
    // given
    const apiKey = await newKey('heat-phone');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await openHeatmap(context, apiKey);

    // when: two taps
    const points = await aim(page, '#cells', '.cell', [4, 90]);
    for (const { x, y } of points) await page.touchscreen.tap(x, y);

    // then: the touch points are the positions, on the server and on the overlay
    await eventually(async () => assert.deepEqual((await serverHeatmap(apiKey)).bins, binsOf(points)), { timeout: 5000 });
    await eventually(async () => assert.deepEqual(await drawn(page), binsOf(points)), { timeout: 2000 });
    // and the page fits: no sideways scroll, the overlay on the grid, controls and legend within the width
    const layout = await page.evaluate(() => {
      const box = (selector) => document.querySelector(selector).getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
        grid: box('#cells'), canvas: box('#heatmap'), controls: box('#heat-range'), legend: box('#heat-legend'),
      };
    });
    assert.ok(layout.scrollWidth <= layout.width, `scrollWidth ${layout.scrollWidth} > ${layout.width}`);
    for (const side of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(layout.grid[side] - layout.canvas[side]) < 1, side);
    assert.ok(layout.controls.right <= layout.width && layout.controls.width > 0, 'range control within the screen');
    assert.ok(layout.legend.right <= layout.width && layout.legend.width > 0, 'legend within the screen');
    await context.close();
  });

  test('a screenshot of the heatmap over the grid', async () => {
    // given: clicks gathered around a few cells, more on some than on others
    const apiKey = await newKey('heat-shot');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openHeatmap(context, apiKey);
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const cells = await page.locator('.cell').evaluateAll((all) => all.map((c) => c.getBoundingClientRect().toJSON()));
    const points = [];
    for (const [cell, times] of [[12, 14], [13, 6], [22, 9], [47, 5], [48, 3], [74, 8], [86, 2], [5, 1]]) {
      for (let i = 0; i < times; i++) {
        const r = cells[cell];
        points.push({ x: r.x + r.width * (0.15 + 0.7 * random()), y: r.y + r.height * (0.15 + 0.7 * random()) });
      }
    }

    // when
    await clickAt(page, points);
    await eventually(async () => {
      assert.equal((await serverHeatmap(apiKey)).total, points.length);
      assert.equal(await page.locator('#heatmap').getAttribute('data-total'), String(points.length));
    }, { timeout: 5000 });
    await page.mouse.move(0, 0);
    const dir = process.env.SCREENSHOT_DIR || 'target';
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'heatmap.png');
    await page.screenshot({ path: file });

    // then
    assert.ok(fs.statSync(file).size > 10000);
    console.log(`screenshot: ${file}`);
    await context.close();
  });

  test('the example page draws its swatches\' heatmap over them with ?ct-heatmap=1, and loads nothing more without', async () => {
    // given: two clicks on the shop's swatches, a page without the parameter
    const apiKey = await newKey('overlay');
    const context = await browser.newContext();
    const page = watch(await context.newPage());
    const overlayScripts = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/heatmap.js')) overlayScripts.push(request.url());
    });
    await page.goto(`${site.url}?key=${apiKey}`);
    await page.waitForFunction(() => window.ColorTracking !== undefined, null, { timeout: 10000 });
    const points = await aim(page, 'main.swatches', '[data-ct-color]', [0, 2]);
    await clickAt(page, points);
    await eventually(async () => assert.deepEqual((await serverHeatmap(apiKey, 'swatches')).bins, binsOf(points)), { timeout: 5000 });
    assert.deepEqual(overlayScripts, []);
    assert.equal(await page.locator('canvas').count(), 0);

    // when
    await page.goto(`${site.url}?key=${apiKey}&ct-heatmap=1`);

    // then: heatmap.js came from where tracker.js came from, and lies over the swatches
    const overlay = page.locator('canvas[data-ct-heatmap="swatches"]');
    await eventually(async () => {
      assert.equal(await overlay.getAttribute('data-total'), '2');
      assert.deepEqual(JSON.parse(await overlay.getAttribute('data-bins')), binsOf(points));
    }, { timeout: 5000 });
    assert.deepEqual(overlayScripts, [`${gateway}/heatmap.js`]);
    const [swatches, canvas] = await Promise.all([page.locator('main.swatches').boundingBox(), overlay.boundingBox()]);
    for (const side of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(swatches[side] - canvas[side]) < 1, `${side}: ${swatches[side]} ${canvas[side]}`);
    await page.locator('[data-ct-heatmap-legend]').waitFor();

    // and the swatches under it still take clicks; the close button takes the overlay away
    await page.click('[data-ct-color="yellow"]');
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.yellow, 1), { timeout: 5000 });
    await page.click('[data-ct-heatmap-close]');
    assert.equal(await page.locator('canvas[data-ct-heatmap], [data-ct-heatmap-legend]').count(), 0);
    await context.close();
  });
});
