// What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded
// browser), a fresh API key per test, the server's counts, and polling assertions.
//
// They run against a started platform: system-tests' DashboardBrowserIT starts one (and sets
// GATEWAY_URL, ADMIN_TOKEN, CONTROL_URL, SCREENSHOT_DIR), or by hand against ./run.sh:
//   GATEWAY_URL=http://localhost:8080 ADMIN_TOKEN=local-admin-token node --test test/browser/
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

export const gateway = process.env.GATEWAY_URL;
export const controlUrl = process.env.CONTROL_URL; // restarts broadcast-service; absent against ./run.sh
const adminToken = process.env.ADMIN_TOKEN;
assert.ok(gateway && adminToken, 'set GATEWAY_URL and ADMIN_TOKEN (see test/browser/harness.mjs)');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A new key made through the key API, once ingest, counter and broadcast know it. */
export async function newKey(prefix, allowedOrigins = []) {
  return (await createKey(prefix, { allowed_origins: allowedOrigins })).apiKey;
}

/**
 * A new key whose pages may record their visitors' pointer (pointer_tracking), with its read token
 * (the key API's answer; READ_TOKEN in the environment if that answer has none): `{apiKey, readToken}`,
 * once ingest allows pointer chunks for it and counter-service and the live cursors take the token.
 */
export async function newPointerKey(prefix) {
  const { apiKey, body } = await createKey(prefix, { allowed_origins: [], pointer_tracking: true });
  const readToken = body.read_token ?? process.env.READ_TOKEN;
  assert.ok(readToken, `POST /v1/keys gave no read_token for ${apiKey}, and READ_TOKEN is not set`);
  await eventually(async () => {
    const allowed = await fetch(`${gateway}/v1/pointer?api_key=${apiKey}`);
    assert.equal(allowed.status, 200);
    assert.equal((await allowed.json()).pointer_tracking, true);
    const sessions = await fetch(`${gateway}/v1/sessions?limit=1`, { headers: { Authorization: `Bearer ${readToken}` } });
    assert.equal(sessions.status, 200, await sessions.text());
    assert.equal(await cursorsAnswer(apiKey, readToken), 'presence');
  }, { timeout: 10000, message: `pointer tracking and read token of ${apiKey} known everywhere` });
  return { apiKey, readToken };
}

/** The type of the first frame /v1/live/cursors sends (or `closed <code>`). */
function cursorsAnswer(apiKey, token) {
  const url = new URL(`/v1/live/cursors?api_key=${encodeURIComponent(apiKey)}`, gateway);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise((resolve) => {
    const socket = new WebSocket(url.href, ['cursors.v1', `token.${token}`]);
    const timer = setTimeout(() => { socket.terminate(); resolve('timeout'); }, 3000);
    socket.on('message', (data) => { clearTimeout(timer); socket.close(); resolve(JSON.parse(String(data)).type); });
    socket.on('close', (code) => { clearTimeout(timer); resolve(`closed ${code}`); });
    socket.on('error', () => {});
  });
}

/** POST /v1/keys with these fields; `{apiKey, body}` once ingest, counter and broadcast know the key. */
async function createKey(prefix, fields) {
  const apiKey = `${prefix}-${randomUUID().slice(0, 8)}`;
  const created = await fetch(`${gateway}/v1/keys`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: apiKey, api_key: apiKey, ...fields }),
  });
  const text = await created.text();
  assert.equal(created.status, 201, text);
  await eventually(async () => {
    // ingest: an empty event is 400 once the key is known (401 before)
    const ingest = await fetch(`${gateway}/v1/events`, {
      method: 'POST', headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' }, body: '{}',
    });
    assert.equal(ingest.status, 400);
    assert.equal((await fetch(`${gateway}/v1/counts`, { headers: { 'X-API-Key': apiKey } })).status, 200);
    const stop = new AbortController();
    const live = await fetch(`${gateway}/v1/live/sse?api_key=${apiKey}`, { signal: stop.signal });
    stop.abort();
    assert.equal(live.status, 200);
  }, { timeout: 10000, message: `key ${apiKey} known everywhere` });
  return { apiKey, body: JSON.parse(text) };
}

export async function serverCounts(apiKey) {
  const response = await fetch(`${gateway}/v1/counts`, { headers: { 'X-API-Key': apiKey } });
  assert.equal(response.status, 200);
  return (await response.json()).counts;
}

/** An area's all-time heatmap, as GET /v1/heatmap answers it (32 × 32 bins). */
export async function serverHeatmap(apiKey, area = 'grid', action = 'click') {
  const response = await fetch(`${gateway}/v1/heatmap?area=${area}&action=${action}&range=all`, { headers: { 'X-API-Key': apiKey } });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

export async function postEvents(apiKey, events) {
  const response = await fetch(`${gateway}/v1/events`, {
    method: 'POST',
    headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  assert.equal(response.status, 202, await response.text());
}

export async function control(action) {
  assert.ok(controlUrl, 'CONTROL_URL is not set');
  const response = await fetch(`${controlUrl}/${action}`, { method: 'POST' });
  assert.equal(response.status, 204, await response.text());
}

/** Retries `check` (which throws while not yet true) until it passes or `timeout` ms went by. */
export async function eventually(check, { timeout = 5000, interval = 50, message = '' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        error.message = `not within ${timeout} ms${message ? ` (${message})` : ''}: ${error.message}`;
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Asserts `check` passes on every poll for `duration` ms: a value that must not move. */
export async function holds(check, duration = 1000, interval = 100) {
  const end = Date.now() + duration;
  while (Date.now() < end) {
    await check();
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  await check();
}

/** The dashboard's counter for one action and color, as text on screen. */
export function counter(page, action, color) {
  return page.locator(`[data-count="${action}:${color}"]`);
}

/** Reports what goes wrong inside a page in the test's output: errors, console warnings, failed requests. */
export function watch(page) {
  page.on('pageerror', (error) => console.log(`[page] error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.log(`[page] ${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) => console.log(`[page] ${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`));
  return page;
}

/**
 * The example shop page (frontend/example) on a web server of its own origin, as committed but
 * pointed at this platform; `?key=` chooses the API key it uses.
 */
export async function startExampleSite() {
  const example = fs.readFileSync(new URL('../../example/index.html', import.meta.url), 'utf8');
  const site = http.createServer((req, res) => {
    const key = new URL(req.url, 'http://site').searchParams.get('key');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(example.replace('src="http://localhost:8080/tracker.js"', `src="${gateway}/tracker.js"`)
      .replace('data-api-key="demo"', `data-api-key="${key}"`));
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${site.address().port}/`, close: () => site.close() };
}

export async function openDashboard(context, apiKey, mode, extra = '') {
  const page = watch(await context.newPage());
  await page.goto(`${gateway}/?api_key=${apiKey}&mode=${mode}${extra}`);
  await page.locator('#status[data-state="live"]').waitFor({ timeout: 10000 });
  await trackerLoaded(page);
  return page;
}

/**
 * Waits until the page's tracker.js has run: the page loads it asynchronously, beside its live
 * connection, so a click made as soon as the page is live may come before the tracker listens
 * (and is then never sent) when a just-started ingest-service is slow to serve the script.
 */
export async function trackerLoaded(page) {
  await page.waitForFunction(() => Boolean(window.ColorTracking), null, { timeout: 10000 });
}
