// The dashboard served from an origin of its own, pointed at the three services by config.json
// (no gateway): every call is cross-origin, so CORS, preflights and the ws URL must all be right.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { counter, eventually, launchBrowser, newKey, serverCounts, trackerLoaded, watch } from './harness.mjs';

const services = { ingest: process.env.INGEST_URL, counter: process.env.COUNTER_URL, broadcast: process.env.BROADCAST_URL };
const frontend = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
let browser;
let site;
let siteUrl;

before(async () => {
  if (!services.ingest) return;
  browser = await launchBrowser();
  // a plain static server, as a CDN or a bucket would be, with its own config.json
  site = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://site');
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...services, pollIntervalMs: 500, trackerFlushMs: 250 }));
      return;
    }
    const file = pathname === '/vendor/d3.min.js'
      ? path.join(frontend, 'node_modules/d3/dist/d3.min.js')
      : path.join(frontend, 'public', pathname === '/' ? 'index.html' : path.normalize(pathname));
    fs.readFile(file, (error, body) => {
      res.writeHead(error ? 404 : 200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(error ? 'not found' : body);
    });
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://localhost:${site.address().port}/`;
});
after(async () => {
  await browser?.close();
  site?.close();
});

for (const mode of ['websocket', 'polling']) {
  test(`served from its own origin, in ${mode} mode, against the services' own URLs`,
    { skip: !services.ingest && 'needs INGEST_URL, COUNTER_URL and BROADCAST_URL' }, async () => {
      // given
      const apiKey = await newKey(`cors-${mode}`);
      const context = await browser.newContext();
      const page = watch(await context.newPage());
      const calls = new Set();
      page.on('request', (request) => calls.add(new URL(request.url()).origin));
      await page.goto(`${siteUrl}?api_key=${apiKey}&mode=${mode}`);
      await page.locator('#status[data-state="live"]').waitFor({ timeout: 10000 });
      await trackerLoaded(page);

      // when
      await page.locator('.cell[data-ct-color="blue"]').first().click();

      // then: counted once, shown, and every call went straight to a service
      await counter(page, 'click', 'blue').filter({ hasText: /^1$/ }).waitFor({ timeout: 3000 });
      await eventually(async () => assert.equal((await serverCounts(apiKey)).click.blue, 1));
      const serviceOrigins = Object.values(services).map((url) => new URL(url).origin);
      assert.ok([...calls].some((origin) => serviceOrigins.includes(origin)), [...calls].join(', '));
      assert.ok([...calls].every((origin) => origin === new URL(siteUrl).origin || serviceOrigins.includes(origin)),
        [...calls].join(', '));
      await context.close();
    });
}
