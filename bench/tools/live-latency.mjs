// P4: click → WebSocket frame latency at a steady event rate.
// One WebSocket client of a fresh key watches /v1/live; clicks on "red" are posted to ingest one
// request each, at RATE per second. Each click's send time is kept in order: the first frame
// whose red click count reaches N delivers the N-th click (counts are exact, one sender).
// Two latencies: per frame, its arrival minus the send time of the newest click it shows (how
// old the view is when it reaches the page: the measure of P4, since the contract coalesces a
// client's updates to ~20 frames/s), and per click, its frame's arrival minus its own send time
// (which adds the wait for the next frame slot, about 25 ms on average at 20 frames/s).
// usage: node live-latency.mjs INGEST_URL BROADCAST_WS_URL KEY RATE WARMUP_S MEASURE_S
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [ingest, live, key, rate, warmupS, measureS] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const body = JSON.stringify({ action: 'click', color: 'red' });
const sentAt = []; // send time of the n-th click (index n - 1)
let base = null;    // red click count of the snapshot
let delivered = 0;  // clicks seen in frames so far
let failed = 0;
const latencies = []; // per click
const frameLatencies = [];
let measureFrom = Infinity;
let measureTo = Infinity;

function post() {
  const at = performance.now();
  sentAt.push(at);
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
    base = frame.counts.click.red;
    start();
    return;
  }
  for (const change of frame.changes ?? []) {
    if (change.action !== 'click' || change.color !== 'red') continue;
    const total = change.amount - base;
    if (total > delivered && sentAt[total - 1] >= measureFrom && sentAt[total - 1] < measureTo) {
      frameLatencies.push(now - sentAt[total - 1]);
    }
    for (; delivered < total; delivered++) {
      const sent = sentAt[delivered];
      if (sent >= measureFrom && sent < measureTo) latencies.push(now - sent);
    }
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
    if (delivered < expected && performance.now() < deadline) return;
    clearInterval(check);
    const q = (values, p) => {
      values.sort((a, b) => a - b);
      return +values[Math.min(values.length - 1, Math.floor(p * values.length))].toFixed(1);
    };
    console.log(JSON.stringify({
      sent: expected, delivered, failed, frames: frameLatencies.length,
      p50: q(frameLatencies, 0.5), p99: q(frameLatencies, 0.99), max: q(frameLatencies, 1),
      clickP50: q(latencies, 0.5), clickP99: q(latencies, 0.99),
      cpuSeconds: +((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(2),
    }));
    ws.close();
    agent.destroy();
    process.exit(delivered === expected && failed === 0 ? 0 : 1);
  }, 20);
}
