// tracker.js on the example third-party page (frontend/example), served from an origin of its
// own: delivery by fetch and by sendBeacon on pagehide, retries, reloads, refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  eventually, gateway, holds, launchBrowser, newKey, serverCounts, startExampleSite, watch,
} from './harness.mjs';

let browser;
let site;
let siteUrl;

before(async () => {
  browser = await launchBrowser();
  // the shop's own web server: the page as committed, pointed at this platform and the test's key
  site = await startExampleSite();
  siteUrl = site.url;
});
after(async () => {
  await browser?.close();
  site?.close();
});

async function openShop(context, apiKey) {
  const page = watch(await context.newPage());
  await page.goto(`${siteUrl}?key=${apiKey}`);
  await page.waitForFunction(() => window.ColorTracking !== undefined, null, { timeout: 10000 });
  return page;
}

const storedEvents = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((name) => name.startsWith('colortracking.queue.'))
  .reduce((sum, name) => sum + JSON.parse(localStorage.getItem(name)).length, 0));

describe('tracker.js on a third-party page', () => {
  test('delivers a click by fetch and one on pagehide by sendBeacon, each counted once after reloads', async () => {
    // given
    const apiKey = await newKey('shop');
    const context = await browser.newContext();
    const page = await openShop(context, apiKey);
    assert.notEqual(new URL(page.url()).origin, new URL(gateway).origin);

    // when: a click, sent by the next flush
    await page.click('[data-ct-color="red"]');
    // then
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.red, 1), { timeout: 5000 });

    // when: a click, then the page is left at once, long before its 1 s flush
    await page.click('[data-ct-color="green"]');
    await page.goto('about:blank');
    // then: the beacon delivered it
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.green, 1), { timeout: 5000 });

    // when: the shop is opened again, and sends what it kept since the beacon's fate was unknown
    await page.goto(`${siteUrl}?key=${apiKey}`);
    await eventually(async () => assert.equal(await storedEvents(page), 0), { timeout: 5000 });
    // then: counted once
    await holds(async () => {
      const counts = await serverCounts(apiKey);
      assert.equal(counts.click.red, 1);
      assert.equal(counts.click.green, 1);
    });
    await context.close();
  });

  test('a 503 with Retry-After is retried after the wait and counted once', async () => {
    // given: the first delivery meets a 503 asking for 1 s
    const apiKey = await newKey('retry');
    const context = await browser.newContext();
    const attempts = [];
    await context.route('**/v1/events?**', async (route) => {
      attempts.push(Date.now());
      if (attempts.length === 1) {
        await route.fulfill({
          status: 503,
          headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After', 'Retry-After': '1', 'Content-Type': 'application/problem+json' },
          body: '{"title":"Service Unavailable","status":503}',
        });
      } else {
        await route.continue();
      }
    });
    const page = await openShop(context, apiKey);

    // when
    await page.click('[data-ct-color="blue"]');

    // then
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.blue, 1), { timeout: 6000 });
    assert.equal(attempts.length, 2);
    assert.ok(attempts[1] - attempts[0] >= 1000, `retried after ${attempts[1] - attempts[0]} ms`);
    await holds(async () => assert.equal((await serverCounts(apiKey)).click.blue, 1), 500);
    await context.close();
  });

  test('events the network never took are kept across a reload and counted once', async () => {
    // given: a network that fails every request to the platform
    const apiKey = await newKey('offline');
    const context = await browser.newContext();
    await context.route('**/v1/events?**', (route) => route.abort('internetdisconnected'));
    const page = await openShop(context, apiKey);

    // when
    await page.click('[data-ct-color="yellow"]');
    await page.click('[data-ct-color="yellow"]');
    // two clicks and the hover of entering the swatch
    await eventually(async () => assert.equal(await storedEvents(page), 3));
    await context.unroute('**/v1/events?**');
    await page.reload();

    // then
    await eventually(async () => assert.equal((await serverCounts(apiKey)).click.yellow, 2), { timeout: 5000 });
    await eventually(async () => assert.equal(await storedEvents(page), 0));
    await holds(async () => assert.equal((await serverCounts(apiKey)).click.yellow, 2), 500);
    await context.close();
  });

  test('a key that does not allow this origin: refused once, said why, nothing counted, not retried', async () => {
    // given
    const apiKey = await newKey('elsewhere', ['https://shop.example']);
    const context = await browser.newContext();
    const requests = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/v1/events')) requests.push(`${Date.now()} ${request.resourceType()} ${request.postData()}`);
    });
    const page = await openShop(context, apiKey);
    const refused = page.evaluate(() => new Promise((resolve) => {
      addEventListener('colortracking:refused', (e) => resolve({ status: e.detail.status, reason: e.detail.reason, n: e.detail.events.length }));
    }));

    // when
    await page.click('[data-ct-color="red"]');

    // then
    const refusal = await refused;
    assert.equal(refusal.status, 403);
    assert.equal(refusal.n, 2, 'the hover of entering the swatch and the click');
    assert.match(refusal.reason, /origin/i);
    await holds(async () => {
      assert.equal(requests.length, 1, requests.join('\n'));
      assert.equal(await storedEvents(page), 0);
    }, 1500);
    assert.equal((await serverCounts(apiKey)).click.red, 0);
    await context.close();
  });
});
