// The dashboard in a real browser against the running platform: the three modes, two windows in
// step, a broadcast-service restart, batching of hover sweeps, the keyboard, a phone's screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  control, controlUrl, counter, eventually, holds, launchBrowser, newKey, openDashboard, postEvents, serverCounts,
} from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('dashboard', () => {
  test('websocket mode: a red click shows +1 within 1 s, on this page and on a second one', async () => {
    // given: two windows on one new key
    const apiKey = await newKey('ws');
    const context = await browser.newContext();
    const first = await openDashboard(context, apiKey, 'websocket');
    const second = await openDashboard(context, apiKey, 'websocket');
    assert.equal(await counter(first, 'click', 'red').textContent(), '0');

    // when
    await first.locator('.cell[data-ct-color="red"]').first().click();
    const clicked = Date.now();

    // then
    await counter(first, 'click', 'red').filter({ hasText: /^1$/ }).waitFor({ timeout: 1000 });
    console.log(`click shown by websocket in ${Date.now() - clicked} ms`);
    await counter(second, 'click', 'red').filter({ hasText: /^1$/ }).waitFor({ timeout: 1000 });
    await holds(async () => {
      assert.equal((await serverCounts(apiKey)).click.red, 1);
      assert.equal(await counter(first, 'click', 'red').textContent(), '1');
      assert.equal(await counter(second, 'click', 'red').textContent(), '1');
    });
    await context.close();
  });

  test('polling mode: the click shows within the poll interval, and unchanged polls are 304', async () => {
    // given
    const apiKey = await newKey('poll');
    const context = await browser.newContext();
    const page = await context.newPage();
    const polls = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/v1/counts') polls.push(response.status());
    });
    await page.goto(`${process.env.GATEWAY_URL}/?api_key=${apiKey}&mode=polling&interval=1000`);
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 10000 });
    await eventually(() => assert.ok(polls.includes(304), `polls: ${polls}`), { timeout: 5000 });

    // when
    await page.locator('.cell[data-ct-color="red"]').first().click();
    const clicked = Date.now();

    // then: one interval, plus the way through the platform
    await counter(page, 'click', 'red').filter({ hasText: /^1$/ }).waitFor({ timeout: 2000 });
    console.log(`click shown by polling (1 s interval) in ${Date.now() - clicked} ms`);
    assert.equal((await serverCounts(apiKey)).click.red, 1);
    await context.close();
  });

  test('optimistic mode: the click shows at once and still matches the server after a reload', async () => {
    // given
    const apiKey = await newKey('opt');
    const context = await browser.newContext();
    const page = await openDashboard(context, apiKey, 'optimistic');

    // when: clicked and read in the same task, before any answer could arrive
    const shownAtOnce = await page.evaluate(() => {
      document.querySelector('.cell[data-ct-color="red"]').click();
      return document.querySelector('[data-count="click:red"]').textContent;
    });

    // then
    assert.equal(shownAtOnce, '1');
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.red, 1), { timeout: 5000 });
    // the server's push of that same click does not draw it a second time
    await holds(async () => assert.equal(await counter(page, 'click', 'red').textContent(), '1'));
    await page.reload();
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 10000 });
    await holds(async () => {
      const server = await serverCounts(apiKey);
      assert.equal(server.click.red, 1);
      for (const action of ['click', 'hover']) {
        for (const [color, amount] of Object.entries(server[action])) {
          assert.equal(await counter(page, action, color).textContent(), String(amount), `${action} ${color}`);
        }
      }
    });
    await context.close();
  });

  test('the mode switch in the page: polling from websocket, the URL follows, and counts still arrive', async () => {
    // given
    const apiKey = await newKey('switch');
    const context = await browser.newContext();
    const page = await openDashboard(context, apiKey, 'websocket');
    const polls = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/counts') polls.push(request.url());
    });

    // when
    await page.locator('.modes label', { hasText: 'Polling' }).click();
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 10000 });
    await page.locator('.cell[data-ct-color="blue"]').first().click();

    // then
    assert.equal(new URL(page.url()).searchParams.get('mode'), 'polling');
    assert.equal(await page.locator('input[name="mode"][value="polling"]').isChecked(), true);
    await counter(page, 'click', 'blue').filter({ hasText: /^1$/ }).waitFor({ timeout: 3000 });
    assert.ok(polls.length > 0, 'the page polls /v1/counts');
    await context.close();
  });

  test('broadcast-service restarted: reconnecting, then live, and the counters are exact', { skip: !controlUrl && 'needs CONTROL_URL' }, async () => {
    // given: a live page that records every value its red click counter shows
    const apiKey = await newKey('restart');
    const context = await browser.newContext();
    const page = await openDashboard(context, apiKey, 'websocket');
    await page.evaluate(() => {
      const cell = document.querySelector('[data-count="click:red"]');
      window.seen = [cell.textContent];
      new MutationObserver(() => window.seen.push(cell.textContent)).observe(cell, { childList: true, characterData: true, subtree: true });
    });
    await page.locator('.cell[data-ct-color="red"]').first().click();
    await counter(page, 'click', 'red').filter({ hasText: /^1$/ }).waitFor({ timeout: 2000 });

    // when: broadcast-service goes away while events keep arriving, then comes back
    await control('broadcast/stop');
    await page.locator('#status[data-state="reconnecting"]').waitFor({ timeout: 5000 });
    await page.locator('.cell[data-ct-color="red"]').first().click();
    await postEvents(apiKey, [{ action: 'click', color: 'red' }, { action: 'hover', color: 'blue' }, { action: 'hover', color: 'blue' }]);
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.red, 3), { timeout: 5000 });
    await control('broadcast/start');

    // then
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 15000 });
    await eventually(async () => {
      assert.equal(await counter(page, 'click', 'red').textContent(), '3');
      assert.equal(await counter(page, 'hover', 'blue').textContent(), '2');
    }, { timeout: 1000 });
    const seen = (await page.evaluate(() => window.seen)).map(Number);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), `the counter never went down: ${seen}`);
    await context.close();
  });

  test('sweeping the mouse over the whole grid counts every cell entered, in a few batched requests', async () => {
    // given
    const apiKey = await newKey('sweep');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openDashboard(context, apiKey, 'websocket');
    const posts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/events') posts.push(Date.now());
    });
    await page.evaluate(() => {
      window.queuedHovers = 0;
      addEventListener('colortracking:queued', (e) => { if (e.detail.action === 'hover') window.queuedHovers += 1; });
    });

    // when: row by row across all 100 cells
    const boxes = await page.locator('.cell').evaluateAll((cells) => cells.map((c) => {
      const r = c.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }));
    const started = Date.now();
    for (const box of boxes) await page.mouse.move(box.x, box.y, { steps: 2 });
    const sweptMs = Date.now() - started;

    // then: every cell entered is counted once, and requests went out at most every 250 ms
    const hovers = await page.evaluate(() => window.queuedHovers);
    assert.ok(hovers >= 100, `hovers tracked: ${hovers}`);
    await eventually(async () => {
      const counts = await serverCounts(apiKey);
      assert.equal(Object.values(counts.hover).reduce((a, b) => a + b, 0), hovers);
    }, { timeout: 5000 });
    console.log(`${hovers} hovers in ${sweptMs} ms sent in ${posts.length} requests`);
    assert.ok(posts.length <= Math.ceil(sweptMs / 250) + 2, `${posts.length} requests for a ${sweptMs} ms sweep`);
    await context.close();
  });

  test('the keyboard: one Tab stop for the grid, arrow keys inside it, Enter counts one click', async () => {
    // given
    const apiKey = await newKey('keys');
    const context = await browser.newContext();
    const page = await openDashboard(context, apiKey, 'websocket');
    const focused = () => page.evaluate(() => [...document.querySelectorAll('.cell')].indexOf(document.activeElement));

    // when: Tab into the mode switch, on to the heatmap and visitors switches, into the grid, right and down, Enter
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const entered = await focused();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const moved = await focused();
    const color = await page.evaluate(() => document.activeElement.dataset.ctColor);
    await page.keyboard.press('Enter');

    // then
    assert.equal(entered, 0);
    assert.equal(moved, 11);
    await counter(page, 'click', color).filter({ hasText: /^1$/ }).waitFor({ timeout: 2000 });
    await holds(async () => assert.equal((await serverCounts(apiKey)).click[color], 1), 500);
    // and the next Tab leaves the grid instead of walking through 100 cells
    await page.keyboard.press('Tab');
    assert.equal(await focused(), -1);
    await context.close();
  });

  test('on a phone-sized screen everything fits the width and the grid stays usable', async () => {
    // given
    const apiKey = await newKey('phone');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await openDashboard(context, apiKey, 'websocket');

    // when
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      width: innerWidth,
      cell: document.querySelector('.cell').getBoundingClientRect().width,
      resultsBelowGrid: document.querySelector('.results').getBoundingClientRect().top
        >= document.querySelector('.cells').getBoundingClientRect().bottom,
    }));
    await page.locator('.cell[data-ct-color="green"]').first().tap();

    // then: a tap is one click, not a hover
    assert.ok(layout.scrollWidth <= layout.width, `no sideways scrolling: ${JSON.stringify(layout)}`);
    assert.ok(layout.cell >= 28, `cells big enough to tap: ${layout.cell}px`);
    assert.ok(layout.resultsBelowGrid);
    await counter(page, 'click', 'green').filter({ hasText: /^1$/ }).waitFor({ timeout: 2000 });
    assert.equal(Object.values((await serverCounts(apiKey)).hover).reduce((a, b) => a + b, 0), 0);
    await context.close();
  });

  test('a screenshot of the dashboard in use', async () => {
    // given: some traffic on a fresh key
    const apiKey = await newKey('screenshot');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openDashboard(context, apiKey, 'websocket');
    const cells = page.locator('.cell');
    for (let i = 0; i < 100; i += 3) await cells.nth(i).hover();
    for (const i of [4, 18, 27, 33, 51, 77]) await cells.nth(i).click();

    // when
    await eventually(async () => {
      const server = await serverCounts(apiKey);
      assert.equal(Object.values(server.click).reduce((a, b) => a + b, 0), 6);
      assert.equal(await page.locator('.donut-total').first().textContent(), '6');
    }, { timeout: 5000 });
    await page.mouse.move(0, 0);
    const dir = process.env.SCREENSHOT_DIR || 'target';
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'dashboard.png');
    await page.screenshot({ path: file });

    // then
    assert.ok(fs.statSync(file).size > 10000);
    console.log(`screenshot: ${file}`);
    await context.close();
  });
});
