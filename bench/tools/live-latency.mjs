// P4: click → WebSocket frame latency at a steady event rate.
// One WebSocket client of a fresh key watches /v1/live; clicks on "red" are posted to ingest one
// request each, at RATE per second. Clicks are numbered in send order and the counts are
// cumulative (one sender, exact counts), so click k is shown by the first frame whose red click
// count reaches the snapshot's count + k. Two latencies:
// - per click (the measure of P4): for EVERY click, the arrival of the first frame that shows it
//   minus its own send time. It includes the wait for the client's next frame slot (the contract
//   coalesces a client's updates to ~20 frames/s: about 25 ms on average at a steady rate);
// - per frame (context): a frame's arrival minus the send time of the newest click it shows (how
//   old the view is when it reaches the page).
// Only clicks sent inside the measured window count; every click sent must be shown (exit 1).
// usage: node live-latency.mjs INGEST_URL BROADCAST_WS_URL KEY RATE WARMUP_S MEASURE_S
// prints one line of JSON; exits 1 if a click was refused or not shown, 2 on a WebSocket error
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

/**
 * A frame showing `total` clicks (its count minus the snapshot's) arrived at `now`, when the
 * frames before had shown `shown`. Every click from shown + 1 to total is shown first by this
 * frame: each one's latency (now minus its send time, sentAt[k - 1] for click k) goes to perClick,
 * and the newest one's to perFrame, when measured(its send time). Returns the clicks shown so far.
 */
export function frameArrived(sentAt, shown, total, now, measured, perClick, perFrame) {
  if (total <= shown) return shown;
  const newest = sentAt[total - 1];
  if (newest !== undefined && measured(newest)) perFrame.push(now - newest);
  for (let k = shown; k < total; k++) {
    const sent = sentAt[k];
    if (sent !== undefined && measured(sent)) perClick.push(now - sent);
  }
  return total;
}

/** The p-quantile (0 … 1) of the values (sorted in place), to 0.1 ms; null if there are none. */
export function quantile(values, p) {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return +values[Math.min(values.length - 1, Math.floor(p * values.length))].toFixed(1);
}

function main([ingest, live, key, rate, warmupS, measureS]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const body = JSON.stringify({ action: 'click', color: 'red' });
  const sentAt = []; // send time of click k at index k - 1
  let base = null;   // red click count of the snapshot
  let shown = 0;     // clicks shown in frames so far
  let failed = 0;
  const perClick = [];
  const perFrame = [];
  let measureFrom = Infinity;
  let measureTo = Infinity;
  const measured = sent => sent >= measureFrom && sent < measureTo;

  function post() {
    sentAt.push(performance.now());
    const req = http.request(`${ingest}/v1/events`, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'X-API-Key': key, 'Content-Length': Buffer.byteLength(body) },
    }, res => {
      res.resume();
      if (res.statusCode !== 202) failed++;
    });
    req.on('error', () => failed++);
    req.end(body);
  }

  const ws = new WebSocket(`${live}/v1/live?api_key=${key}`);
  ws.on('message', data => {
    const now = performance.now();
    const frame = JSON.parse(data);
    if (frame.type === 'snapshot') {
      if (base !== null) { console.error('live: a second snapshot'); process.exit(2); }
      base = frame.counts.click.red;
      start();
      return;
    }
    for (const change of frame.changes ?? []) {
      if (change.action !== 'click' || change.color !== 'red') continue;
      shown = frameArrived(sentAt, shown, change.amount - base, now, measured, perClick, perFrame);
    }
  });
  ws.on('error', e => { console.error(`live: ${e.message}`); process.exit(2); });

  function start() {
    const t0 = performance.now();
    measureFrom = t0 + warmupS * 1000;
    measureTo = measureFrom + measureS * 1000;
    let posted = 0;
    // a tick every 5 ms sends what the rate owes by then: steady, no bursts of a whole second
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= measureTo) {
        clearInterval(tick);
        finish();
        return;
      }
      const owed = Math.floor(((now - t0) / 1000) * rate);
      for (; posted < owed; posted++) post();
    }, 5);
  }

  function finish() {
    const expected = sentAt.length;
    const deadline = performance.now() + 10000;
    const check = setInterval(() => {
      if (shown < expected && performance.now() < deadline) return;
      clearInterval(check);
      const cpu = process.cpuUsage();
      console.log(JSON.stringify({
        sent: expected, delivered: shown, failed, clicks: perClick.length, frames: perFrame.length,
        clickP50: quantile(perClick, 0.5), clickP99: quantile(perClick, 0.99), clickMax: quantile(perClick, 1),
        frameP50: quantile(perFrame, 0.5), frameP99: quantile(perFrame, 0.99), frameMax: quantile(perFrame, 1),
        cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      }));
      ws.close();
      agent.destroy();
      process.exit(shown === expected && failed === 0 && perClick.length > 0 ? 0 : 1);
    }, 20);
  }
}

// run as a script (not when imported, to check the functions above)
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main(process.argv.slice(2));
