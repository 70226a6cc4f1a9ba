// P7: pointer tracks, ingest → live cursors, and what the replay store keeps.
// VISITORS simulated visitors each send one chunk a second of ten samples (a move every 100 ms
// along a circle of its own, a click in every fifth chunk) through ingest's POST /v1/pointer, the
// visitors spread evenly over the second (a tick every 5 ms sends what is due), for SECONDS
// seconds. A chunk answered 429 or 503 is sent again, the same body, after its Retry-After
// (counted as retried); one chunk in a hundred is sent a second time after its 202 (a client that
// lost the answer: counted as duplicates, and never timed), so the store's exactly-once is tested.
// VIEWERS WebSocket clients watch /v1/live/cursors with the key's read token. Latency, per chunk
// and viewer: from the moment the chunk's first POST started to that viewer's first cursors frame
// that shows the chunk's session at t >= the chunk's last sample's t. Everything is timed on this
// process's one clock. To tell where a late chunk waited, also: each chunk's POST → 202 (ackP50,
// ackP99: ingest and Kafka), this process's event-loop delay, and the seconds of the run whose chunks
// were most often late (over 150 ms, as "second:(viewer, chunk) pairs"); and how many cursors frames
// came less than 45 ms after the viewer's one before (the contract: one per 50 ms at most).
// usage: node pointer-load.mjs INGEST_URL BROADCAST_WS_URL KEY READ_TOKEN VISITORS SECONDS VIEWERS
// prints one line of JSON; exits 1 if a chunk was refused or a viewer missed one, 2 on an error
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [ingest, live, key, token, visitorsArg, secondsArg, viewersArg] = process.argv.slice(2);
const VISITORS = Number(visitorsArg ?? 1000);
const SECONDS = Number(secondsArg ?? 60);
const VIEWERS = Number(viewersArg ?? 10);
const SAMPLES = 10;            // per chunk: one a 100 ms
const LAST_T = 900;            // chunk k's samples at k * 1000 + 0, 100, …, 900 ms of its session
const CLICK_EVERY = 5;         // a click in every fifth chunk of a visitor
const DUPLICATE_EVERY = 100;   // one chunk in a hundred sent again after its 202

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const url = new URL(`${ingest}/v1/pointer`);
const total = VISITORS * SECONDS;

// chunk n (n = seq * VISITORS + visitor) is due at t0 + n * 1000 / VISITORS ms
const sessions = Array.from({ length: VISITORS }, () => randomUUID());
const visitorOf = new Map(sessions.map((s, i) => [s, i]));
const postedAt = new Float64Array(total).fill(NaN); // first POST of chunk n
const acceptedChunk = new Uint8Array(total);
const acks = new Float64Array(total); // first POST → its 202, for chunks accepted at the first try
let acked = 0;
const stats = { sent: 0, accepted: 0, retried: 0, duplicates: 0, failed: 0, errors: 0, samples: 0, clicks: 0, inFlightMax: 0 };
const refusals = {};
let inFlight = 0;
let retriesWaiting = 0;

const round4 = v => Math.round(v * 10000) / 10000;

function body(visitor, seq) {
  const samples = [];
  const phase = visitor / VISITORS;
  const radius = 0.1 + 0.3 * ((visitor * 7919) % 100) / 100; // each its own circle around the middle
  for (let j = 0; j < SAMPLES; j++) {
    const t = seq * 1000 + j * 100;
    const angle = 2 * Math.PI * (phase + t / 8000); // a turn in 8 s
    const kind = seq % CLICK_EVERY === visitor % CLICK_EVERY && j === SAMPLES / 2 ? 'c' : 'm';
    samples.push([t, 'grid', round4(0.5 + radius * Math.cos(angle)), round4(0.5 + radius * Math.sin(angle)), kind]);
  }
  return JSON.stringify({
    session: sessions[visitor], seq, page: 'https://shop.example/products/p7',
    viewport: { w: 1280, h: 800 }, samples,
  });
}

function clicksOf(visitor, seq) { return seq % CLICK_EVERY === visitor % CLICK_EVERY ? 1 : 0; }

// post(n, payload, kind): kind 'first' (timed), 'retry' or 'duplicate'
function post(n, payload, kind) {
  inFlight++;
  if (inFlight > stats.inFlightMax) stats.inFlightMax = inFlight;
  const req = http.request(url, {
    method: 'POST', agent,
    headers: { 'Content-Type': 'application/json', 'X-API-Key': key, 'Content-Length': Buffer.byteLength(payload) },
  }, res => {
    res.resume();
    res.on('end', () => {
      inFlight--;
      const status = res.statusCode;
      if (status === 202) {
        if (!acceptedChunk[n]) {
          if (kind === 'first') acks[acked++] = performance.now() - postedAt[n];
          acceptedChunk[n] = 1;
          stats.accepted++;
          stats.samples += SAMPLES;
          stats.clicks += clicksOf(n % VISITORS, Math.floor(n / VISITORS));
          if (n % DUPLICATE_EVERY === DUPLICATE_EVERY - 1) { stats.duplicates++; post(n, payload, 'duplicate'); }
        }
      } else if (status === 429 || status === 503) {
        refusals[status] = (refusals[status] ?? 0) + 1;
        stats.retried++;
        const wait = Number(res.headers['retry-after'] ?? 1) * 1000;
        retriesWaiting++;
        setTimeout(() => { retriesWaiting--; post(n, payload, 'retry'); }, wait);
      } else {
        refusals[status] = (refusals[status] ?? 0) + 1;
        stats.failed++;
      }
    });
  });
  req.on('error', e => { inFlight--; stats.errors++; console.error(`POST: ${e.message}`); });
  if (kind === 'first') { postedAt[n] = performance.now(); stats.sent++; }
  req.end(payload);
}

// ---- viewers ---------------------------------------------------------------------------------
let t0 = NaN;
const latencies = new Float64Array(total * VIEWERS);
let measured = 0;
let frames = 0;
let cursorFrames = 0;
let positionsSeen = 0;
let minGap = Infinity;
let closeFrames = 0; // cursors frames less than 45 ms after the viewer's one before
const SLOW_MS = 150;
const slowBySecond = new Map(); // second of the run in which a chunk was posted → its late (viewer, chunk) pairs
const viewers = [];

function viewer() {
  return new Promise((resolve, reject) => {
    const v = { shown: new Int32Array(VISITORS), lastFrame: NaN }; // shown: per visitor, its chunks shown to this viewer
    const ws = new WebSocket(`${live}/v1/live/cursors?api_key=${encodeURIComponent(key)}&token=${encodeURIComponent(token)}`,
      { perMessageDeflate: false });
    v.ws = ws;
    viewers.push(v);
    ws.on('message', data => {
      const now = performance.now();
      frames++;
      const frame = JSON.parse(data);
      if (frame.type === 'presence') { resolve(); return; }
      if (frame.type !== 'cursors') return;
      cursorFrames++;
      if (!Number.isNaN(v.lastFrame)) { // the contract: at most one cursors frame per 50 ms per viewer
        const gap = now - v.lastFrame;
        if (gap < minGap) minGap = gap;
        if (gap < 45) closeFrames++;
      }
      v.lastFrame = now;
      for (const p of frame.positions) {
        positionsSeen++;
        const visitor = visitorOf.get(p.session);
        if (visitor === undefined) continue;
        // the chunks whose last sample is at or before t: seq 0 … floor((t - 900) / 1000)
        const upto = Math.min(SECONDS, Math.floor((p.t - LAST_T) / 1000) + 1);
        for (let seq = v.shown[visitor]; seq < upto; seq++) {
          const at = postedAt[seq * VISITORS + visitor];
          if (Number.isNaN(at)) continue;
          latencies[measured++] = now - at;
          if (now - at > SLOW_MS) {
            const second = Math.floor((at - t0) / 1000);
            slowBySecond.set(second, (slowBySecond.get(second) ?? 0) + 1);
          }
        }
        if (upto > v.shown[visitor]) v.shown[visitor] = upto;
      }
    });
    ws.on('close', (code, reason) => {
      if (!v.done) { console.error(`viewer closed: ${code} ${reason}`); process.exit(2); }
    });
    ws.on('error', e => reject(e));
  });
}

function shownToAll() {
  let missing = 0;
  for (const v of viewers) {
    for (let visitor = 0; visitor < VISITORS; visitor++) {
      for (let seq = v.shown[visitor]; seq < SECONDS; seq++) if (acceptedChunk[seq * VISITORS + visitor]) missing++;
    }
  }
  return missing;
}

// ---- run ---------------------------------------------------------------------------------------
const timeout = setTimeout(() => { console.error('viewers not connected within 30 s'); process.exit(2); }, 30000);
try {
  await Promise.all(Array.from({ length: VIEWERS }, viewer));
} catch (e) {
  console.error(`viewer: ${e.message}`);
  process.exit(2);
}
clearTimeout(timeout);

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
t0 = performance.now();
let next = 0;
await new Promise(resolve => {
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * VISITORS));
    for (; next < due; next++) post(next, body(next % VISITORS, Math.floor(next / VISITORS)), 'first');
    if (next === total) { clearInterval(tick); resolve(); }
  }, 5);
});
const sendSeconds = (performance.now() - t0) / 1000;

// every answer (and re-send) in, then every accepted chunk on every viewer, or 15 s
const deadline = performance.now() + 15000;
let missing;
for (;;) {
  missing = shownToAll();
  const answered = inFlight === 0 && retriesWaiting === 0;
  if ((answered && missing === 0) || performance.now() > deadline) break;
  await new Promise(r => setTimeout(r, 50));
}
const cpu = process.cpuUsage();
loopDelay.disable();
for (const v of viewers) { v.done = true; v.ws.close(); }
agent.destroy();

const sorted = latencies.subarray(0, measured).sort();
const quantile = (values, n, p) => (n ? +values[Math.min(n - 1, Math.floor(p * n))].toFixed(1) : null);
const q = p => quantile(sorted, measured, p);
const ackSorted = acks.subarray(0, acked).sort();
// the seconds of the run with the most late chunks (over 150 ms), as "second:pairs"
const slowSeconds = [...slowBySecond].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s, n]) => `${s}:${n}`).join(' ');
console.log(JSON.stringify({
  visitors: VISITORS, seconds: SECONDS, viewers: VIEWERS, sendSeconds: +sendSeconds.toFixed(1),
  sent: stats.sent, accepted: stats.accepted, retried: stats.retried, duplicates: stats.duplicates,
  failed: stats.failed, errors: stats.errors, refusals,
  samples: stats.samples, clicks: stats.clicks, inFlightMax: stats.inFlightMax,
  frames, cursorFrames, framesPerViewerPerSecond: +(cursorFrames / VIEWERS / sendSeconds).toFixed(1),
  framesUnder45msApart: closeFrames, minFrameGapMs: Number.isFinite(minGap) ? +minGap.toFixed(1) : null,
  positions: positionsSeen, measured, missing,
  p50: q(0.5), p99: q(0.99), max: q(1),
  over150: [...slowBySecond.values()].reduce((a, b) => a + b, 0), slowSeconds,
  ackP50: quantile(ackSorted, acked, 0.5), ackP99: quantile(ackSorted, acked, 0.99), ackMax: quantile(ackSorted, acked, 1),
  loopDelayP99: +(loopDelay.percentile(99) / 1e6).toFixed(1), loopDelayMax: +(loopDelay.max / 1e6).toFixed(1),
  cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
}));
process.exit(stats.failed === 0 && stats.errors === 0 && missing === 0 && stats.accepted === total ? 0 : 1);
