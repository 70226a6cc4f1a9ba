// Pointer tracking and the Visitors view in a real browser against the running platform: the example
// shop page records its pointer (data-pointer="on", a key with pointer_tracking), the dashboard's
// Visitors view (read token typed in) shows the cursor live, lists the recorded session and replays
// the same path; with Global Privacy Control nothing is asked or sent; a wrong token is asked again.
//
// Needs a key with pointer tracking and its read token: harness newPointerKey (POST /v1/keys with
// "pointer_tracking": true; the answer's read_token, or READ_TOKEN from the environment).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  eventually, gateway, launchBrowser, newKey, newPointerKey, serverCounts, startExampleSite, watch,
} from './harness.mjs';

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

/** The dashboard with the Visitors view on and the read token typed in, live. */
async function openVisitors(context, apiKey, readToken) {
  const page = watch(await context.newPage());
  await page.goto(`${gateway}/?api_key=${apiKey}&visitors=1`);
  await page.locator('#status[data-state="live"]').waitFor({ timeout: 10000 });
  await page.fill('#read-token', readToken);
  await page.click('#token-form button[type="submit"]');
  await page.locator('#visitors[data-live="live"]').waitFor({ timeout: 10000 });
  assert.ok(!page.url().includes(readToken), 'the token is never in the address');
  return page;
}

/** The shop page on its own origin, once its tracker records the pointer; its session id. */
async function openShop(context, apiKey) {
  const page = watch(await context.newPage());
  await page.goto(`${site.url}?key=${apiKey}`);
  await page.waitForFunction(() => window.ColorTracking?.pointer?.state === 'on', null, { timeout: 10000 });
  return { page, session: await page.evaluate(() => window.ColorTracking.pointer.session) };
}

/** A position (fractions) and where it is on the screen, within an element's box. */
function pointsIn(box, fractions) {
  return fractions.map(([fx, fy]) => ({ fx, fy, x: box.x + fx * box.width, y: box.y + fy * box.height }));
}

/** Within what the page's rounding (4 decimals) and a fractional pixel can move a position. */
function near(actual, expected, size) {
  return Math.abs(actual - expected) <= 1.5 / size + 0.0001;
}

const PATH = [[0.1, 0.2], [0.3, 0.5], [0.5, 0.8], [0.7, 0.4], [0.9, 0.6]];

describe('visitors: live cursors and session replay', () => {
  test('the shop\'s pointer shows live on the Visitors view within 1 s of each move, and its session replays the same path', async () => {
    // given: the Visitors view of a key with pointer tracking, and the shop page recording
    const { apiKey, readToken } = await newPointerKey('visitors');
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await openVisitors(viewerContext, apiKey, readToken);
    const shopContext = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const { page: shop, session } = await openShop(shopContext, apiKey);
    const box = await shop.locator('main.swatches').boundingBox();
    const points = pointsIn(box, PATH);
    const cursor = viewer.locator(`.cursor[data-session="${session}"]`);

    // when / then: each move, one pointermove straight to the point, is on the viewer within 1 s
    for (const { fx, fy, x, y } of points) {
      await shop.mouse.move(x, y);
      const moved = Date.now();
      await eventually(async () => {
        assert.equal(await cursor.getAttribute('data-area'), 'swatches');
        const [cx, cy] = [Number(await cursor.getAttribute('data-x')), Number(await cursor.getAttribute('data-y'))];
        assert.ok(near(cx, fx, box.width) && near(cy, fy, box.height), `cursor at ${cx}, ${cy}, moved to ${fx}, ${fy}`);
      }, { timeout: 1000, interval: 20, message: `the cursor at ${fx}, ${fy} on the viewer` });
      console.log(`cursor shown at ${fx}, ${fy} ${Date.now() - moved} ms after the move`);
      await shop.waitForTimeout(1100); // the next move starts a new second: its chunk goes at once
    }
    await viewer.locator(`#presence li[data-session="${session}"]`).waitFor({ timeout: 1000 });
    assert.match(await viewer.locator(`#presence li[data-session="${session}"]`).textContent(), /localhost/);

    // when: the shop is left (what is left goes by beacon)
    await shop.goto('about:blank');

    // then: the server has the path, and the session is listed
    const recorded = await eventually(async () => {
      const response = await fetch(`${gateway}/v1/sessions/${session}?api_key=${apiKey}`, { headers: { Authorization: `Bearer ${readToken}` } });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(body.samples.length, PATH.length, JSON.stringify(body.samples));
      return body;
    }, { timeout: 10000, interval: 250, message: 'GET /v1/sessions/{session}' });
    assert.equal(new URL(recorded.page).origin, new URL(site.url).origin);
    assert.deepEqual(recorded.viewport, { w: 1000, h: 700 });
    recorded.samples.forEach(([t, area, x, y, kind], i) => {
      assert.equal(area, 'swatches');
      assert.equal(kind, 'm');
      assert.ok(near(x, points[i].fx, box.width) && near(y, points[i].fy, box.height), `sample ${i}: ${x}, ${y}`);
      if (i > 0) assert.ok(t >= recorded.samples[i - 1][0] + 1000, `t ${t} after ${recorded.samples[i - 1][0]}`);
    });
    const row = viewer.locator(`#sessions li[data-session="${session}"] button`);
    await eventually(async () => {
      await viewer.click('#sessions-refresh');
      await row.waitFor({ timeout: 1000 });
    }, { timeout: 10000, interval: 250, message: 'the session in the list' });
    assert.match(await row.textContent(), /5 samples · 0 clicks/);

    // and its replay draws the same path: at the end, the whole trail; scrubbed back, part of it
    await row.click();
    const replay = viewer.locator('#replay[data-state="ready"]');
    await replay.waitFor({ timeout: 5000 });
    assert.equal(await replay.getAttribute('data-area'), 'swatches');
    const trail = JSON.parse(await replay.getAttribute('data-trail'));
    assert.equal(trail.length, PATH.length, JSON.stringify(trail));
    trail.forEach(([x, y, kind], i) => {
      assert.equal(kind, 'm');
      assert.ok(near(x, points[i].fx, box.width) && near(y, points[i].fy, box.height), `trail ${i}: ${x}, ${y}`);
    });
    await viewer.locator('#replay-box').waitFor({ state: 'visible' });
    const duration = Number(await replay.getAttribute('data-duration'));
    assert.equal(duration, recorded.samples.at(-1)[0]); // the replay's clock is the session's
    await viewer.locator('#replay-scrub').fill(String(recorded.samples[2][0]));
    await eventually(async () => assert.equal(JSON.parse(await replay.getAttribute('data-trail')).length, 3));
    // played at 4×, it runs to the end
    await viewer.click('#replay-speed');
    assert.equal(await viewer.locator('#replay-speed').textContent(), '4×');
    await viewer.click('#replay-play');
    await eventually(async () => assert.equal(await replay.getAttribute('data-t'), String(duration)), { timeout: duration / 4 + 3000 });
    assert.equal(await viewer.locator('#replay-play').textContent(), 'Play');

    // and deleted, it is gone from the list and the API
    viewer.once('dialog', (dialog) => dialog.accept());
    await viewer.click('#replay-delete');
    await eventually(async () => assert.equal(await viewer.locator(`#sessions li[data-session="${session}"]`).count(), 0), { timeout: 5000 });
    const gone = await fetch(`${gateway}/v1/sessions/${session}?api_key=${apiKey}`, { headers: { Authorization: `Bearer ${readToken}` } });
    assert.equal(gone.status, 404);
    await viewerContext.close();
    await shopContext.close();
  });

  test('on the dashboard, a visitor\'s pointer over the grid is drawn over the grid of another window', async () => {
    // given: one dashboard window recording (the dashboard opts in), one watching
    const { apiKey, readToken } = await newPointerKey('visitors-grid');
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await openVisitors(viewerContext, apiKey, readToken);
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = watch(await visitorContext.newPage());
    await visitor.goto(`${gateway}/?api_key=${apiKey}`);
    await visitor.waitForFunction(() => window.ColorTracking?.pointer?.state === 'on', null, { timeout: 10000 });
    await visitor.locator('.cell').first().waitFor();
    const session = await visitor.evaluate(() => window.ColorTracking.pointer.session);
    const [source] = pointsIn(await visitor.locator('#cells').boundingBox(), [[0.25, 0.75]]);

    // when
    await visitor.mouse.move(source.x, source.y);

    // then: the cursor lies over the viewer's grid at the same fractions
    const cursor = viewer.locator(`#cursors .cursor[data-session="${session}"]`);
    await cursor.waitFor({ timeout: 1500 });
    const grid = await viewer.locator('#cells').boundingBox();
    await eventually(async () => {
      const dot = await cursor.boundingBox();
      assert.ok(Math.abs(dot.x + dot.width / 2 - (grid.x + 0.25 * grid.width)) < 3, `x ${dot.x}`);
      assert.ok(Math.abs(dot.y + dot.height / 2 - (grid.y + 0.75 * grid.height)) < 3, `y ${dot.y}`);
    }, { timeout: 1000 });
    await viewerContext.close();
    await visitorContext.close();
  });

  test('a screenshot of the Visitors view: a session replayed over the grid, a visitor live', async () => {
    // given: a visitor's pointer recorded drawing a loop over the grid, then another visitor on it now
    const { apiKey, readToken } = await newPointerKey('visitors-shot');
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const visitor = watch(await visitorContext.newPage());
    await visitor.goto(`${gateway}/?api_key=${apiKey}`);
    await visitor.waitForFunction(() => window.ColorTracking?.pointer?.state === 'on', null, { timeout: 10000 });
    const session = await visitor.evaluate(() => window.ColorTracking.pointer.session);
    const grid = await visitor.locator('#cells').boundingBox();
    const loop = [];
    for (let i = 0; i <= 24; i++) {
      const a = (i / 24) * 2 * Math.PI;
      loop.push([0.5 + 0.32 * Math.cos(a) * (1 - i / 60), 0.5 + 0.3 * Math.sin(2 * a) * 0.8]);
    }
    for (const { x, y } of pointsIn(grid, loop)) {
      await visitor.mouse.move(x, y, { steps: 2 });
      await visitor.waitForTimeout(110);
    }
    await visitor.mouse.click(grid.x + grid.width * 0.82, grid.y + grid.height * 0.5);
    await visitor.goto('about:blank');
    const live = watch(await visitorContext.newPage());
    await live.goto(`${gateway}/?api_key=${apiKey}`);
    await live.waitForFunction(() => window.ColorTracking?.pointer?.state === 'on', null, { timeout: 10000 });

    // when: the recorded session replayed to its end, the live visitor's pointer on the grid
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await openVisitors(viewerContext, apiKey, readToken);
    const row = viewer.locator(`#sessions li[data-session="${session}"] button`);
    await eventually(async () => {
      await viewer.click('#sessions-refresh');
      await row.waitFor({ timeout: 1000 });
    }, { timeout: 10000, interval: 250, message: 'the session in the list' });
    await row.click();
    const replay = viewer.locator('#replay[data-state="ready"]');
    await replay.waitFor({ timeout: 5000 });
    const duration = await replay.getAttribute('data-duration');
    await viewer.locator('#replay-scrub').fill(duration);
    const liveSession = await live.evaluate(() => window.ColorTracking.pointer.session);
    const liveGrid = await live.locator('#cells').boundingBox();
    await live.mouse.move(liveGrid.x + liveGrid.width * 0.3, liveGrid.y + liveGrid.height * 0.3, { steps: 3 });
    await viewer.locator(`#cursors .cursor[data-session="${liveSession}"][data-area="grid"]`).waitFor({ timeout: 3000 });
    await viewer.mouse.move(0, 0);
    await viewer.waitForTimeout(300);
    const dir = process.env.SCREENSHOT_DIR || 'target';
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'visitors.png');
    await viewer.screenshot({ path: file, fullPage: true });

    // then
    assert.ok(JSON.parse(await replay.getAttribute('data-trail')).length >= 20);
    assert.ok(fs.statSync(file).size > 10000);
    console.log(`screenshot: ${file}`);
    await viewerContext.close();
    await visitorContext.close();
  });

  test('with Global Privacy Control, the shop asks and sends nothing for pointer tracking; its clicks still count', async () => {
    // given: a browser that sends GPC, a key with pointer tracking, the page opted in
    const { apiKey } = await newPointerKey('visitors-gpc');
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const page = watch(await context.newPage());
    const pointerRequests = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/pointer') pointerRequests.push(`${request.method()} ${request.url()}`);
    });
    await page.goto(`${site.url}?key=${apiKey}`);
    await page.waitForFunction(() => window.ColorTracking !== undefined, null, { timeout: 10000 });

    // when: moves, a click, time, and the page left
    for (const [x, y] of [[50, 50], [200, 300], [400, 350]]) {
      await page.mouse.move(x, y, { steps: 5 });
      await page.waitForTimeout(200);
    }
    await page.click('[data-ct-color="blue"]');
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.blue, 1), { timeout: 5000 });
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => window.ColorTracking.pointer.state), 'off');
    await page.goto('about:blank');
    await page.waitForTimeout(500);

    // then
    assert.deepEqual(pointerRequests, []);
    await context.close();
  });

  test('a wrong read token is refused and asked for again; the right one is kept for the tab only, and forgotten', async () => {
    // given
    const apiKey = await newKey('visitors-token');
    const readToken = `not-the-token-${Date.now()}`;
    const context = await browser.newContext();
    const page = watch(await context.newPage());
    await page.goto(`${gateway}/?api_key=${apiKey}&visitors=1`);

    // when
    await page.fill('#read-token', readToken);
    await page.click('#token-form button[type="submit"]');

    // then
    await eventually(async () => {
      assert.equal(await page.locator('#token-message').textContent(), 'the read token is wrong');
      assert.equal(await page.locator('#visitors').getAttribute('data-token'), 'missing');
      assert.equal(await page.locator('#token-form').isVisible(), true);
    }, { timeout: 5000 });
    assert.deepEqual(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('colortracking.readToken.'))), []);
    assert.ok(!page.url().includes(readToken));
    await context.close();
  });
});
