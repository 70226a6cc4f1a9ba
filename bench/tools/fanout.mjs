// P5: one broadcast instance, many connected clients, one update → delivered to all.
// The clients are split over several client processes: FanoutClients.java (java.nio, one thread)
// when FANOUT_JAVA_CP names its class folder, as bench.sh runs it, or Node workers on ws (this
// file, `worker` below). Both share the server's cores, and Node's cost ~3× the CPU per frame
// (bench/README.md, P5). Each round posts one click through ingest and times, per client, the
// frame that shows it; the times are readings of this machine's monotonic clock, one for all
// processes. Per round the output also gives the p99 (roundP99s) and the CPU ms spent in it
// (roundCpuMs: the server's user and system, then each client process's user and system).
// Memory: broadcast-service's resident set and its heap after a full GC, before the clients
// connect and once they all are, divided by the number of clients.
// CPU of the load generator: this process's own (coordinatorCpuSeconds) and each client
// process's (clientCpuSeconds, reported by the process as it stops), loadCpuSeconds their sum
// (the jcmd calls of the memory readings not included). Every client process is waited for before
// this one exits, so a caller's rusage (bench.sh's `time`) includes them too.
// Source addresses (P5b): Linux gives one (source address, destination address and port) at most
// the ephemeral port range's ports (/proc/sys/net/ipv4/ip_local_port_range, 28,232 by default), so
// with SOURCES > 0 client i connects from 127.0.0.(2 + i % SOURCES) (all of 127.0.0.0/8 is local on
// Linux: nothing to set up). Each client binds its socket to that address before connecting (ws
// hands its localAddress option to net.connect; FanoutClients binds the channel): its port is
// then one no other socket of that address holds (TIME_WAIT ones of an earlier run included),
// whatever the destination, and one no unbound connect() on the machine gets while it is held
// (bench.sh sizes the addresses for both). 0, the default, lets the system pick (P5).
// usage: node fanout.mjs LIVE_WS_URL INGEST_URL KEY CLIENTS WORKERS ROUNDS BROADCAST_PID [SOURCES]
//        (SOURCES also from FANOUT_SOURCES)
// prints one line of JSON; exits 1 if a client missed an update or was closed, 2 on an error
import { fork, spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import WebSocket from 'ws';

// CLOCK_MONOTONIC in ms: one clock for the coordinator and every client process (Node's hrtime, Java's
// System.nanoTime), never adjusted while a run measures
const now = () => Number(process.hrtime.bigint()) / 1e6;

if (process.argv[2] === 'worker') {
  worker(...process.argv.slice(3));
} else {
  const procs = [];
  coordinator(procs, ...process.argv.slice(2))
    .then(async ({ result, ok }) => {
      result.clientCpuSeconds = await stopWorkers(procs);
      result.coordinatorCpuSeconds = cpuSeconds();
      result.loadCpuSeconds = +(result.coordinatorCpuSeconds + result.clientCpuSeconds.reduce((a, b) => a + (b ?? 0), 0)).toFixed(2);
      console.log(JSON.stringify(result));
      process.exit(ok && !result.clientCpuSeconds.includes(null) ? 0 : 1);
    })
    .catch(async e => { console.error(e); await stopWorkers(procs); process.exit(2); });
}

// this process's own CPU seconds (user + system)
function cpuSeconds() {
  const cpu = process.cpuUsage();
  return +((cpu.user + cpu.system) / 1e6).toFixed(2);
}

// No client process outlives the run (it would hold its sockets into the next repeat): each is
// told to stop, reports its CPU seconds and exits, and is waited for (killed after 5 s: its CPU
// then null). Resolves to the client processes' CPU seconds.
function stopWorkers(procs) {
  return Promise.all(procs.map(p => new Promise(resolve => {
    if (p.exitCode !== null || p.signalCode !== null) { resolve(null); return; }
    let seconds = null;
    const kill = setTimeout(() => p.kill('SIGKILL'), 5000);
    p.on('message', m => { if (m.type === 'stopped') seconds = m.cpuSeconds; });
    p.on('close', () => { clearTimeout(kill); resolve(seconds); }); // after its output is read to the end
    try { p.send({ type: 'stop' }); } catch { p.kill('SIGKILL'); }
  })));
}

// ---- worker: its share of the clients ------------------------------------------------------
function worker(live, key, count, first, sources) {
  count = Number(count); first = Number(first); sources = Number(sources);
  const clients = [];
  let ready = 0;
  let connecting = 0;
  let next = 0;
  let cpuMark = process.cpuUsage();
  // at most 200 handshakes in flight: a storm of 10,000 at once measures the accept queue
  const open = () => {
    while (connecting < 200 && next < count) {
      connecting++;
      next++;
      const client = { base: null, seen: [] };
      clients.push(client);
      const options = { perMessageDeflate: false };
      if (sources > 0) options.localAddress = `127.0.0.${2 + (first + next - 1) % sources}`; // round-robin over every client
      const ws = new WebSocket(`${live}/v1/live?api_key=${key}`, options);
      client.ws = ws;
      ws.on('message', data => {
        const arrived = now();
        const frame = JSON.parse(data);
        if (frame.type === 'snapshot') {
          client.base = frame.counts.click.red;
          connecting--;
          if (++ready === count) { cpuMark = process.cpuUsage(); process.send({ type: 'ready' }); }
          open();
          return;
        }
        for (const change of frame.changes ?? []) {
          if (change.action === 'click' && change.color === 'red') {
            for (let round = client.seen.length + 1; round <= change.amount - client.base; round++) client.seen.push(arrived);
          }
        }
      });
      ws.on('close', code => { if (client.base === null || code !== 1000) process.send({ type: 'closed', code, error: client.error, connected: client.base !== null }); });
      ws.on('error', e => { client.error = e.code ?? e.message; });
    }
  };
  open();
  process.on('message', message => {
    if (message.type === 'report') { // arrival times of the round's frame, once every client has it or the wait ends
      const deadline = now() + message.waitMs;
      const check = () => {
        const missing = clients.filter(c => c.seen.length < message.round).length;
        if (missing > 0 && now() < deadline) return setTimeout(check, 5);
        const cpu = process.cpuUsage(cpuMark);
        cpuMark = process.cpuUsage();
        process.send({ type: 'report', times: clients.filter(c => c.seen.length >= message.round).map(c => c.seen[message.round - 1]), missing, cpuMs: (cpu.user + cpu.system) / 1000, sysMs: cpu.system / 1000 });
      };
      check();
    } else if (message.type === 'stop') {
      for (const c of clients) c.ws.terminate();
      process.send({ type: 'stopped', cpuSeconds: cpuSeconds() }, () => process.exit(0));
    }
  });
}

// ---- coordinator --------------------------------------------------------------------------
async function coordinator(procs, live, ingest, key, clients, workers, rounds, pid, sources = process.env.FANOUT_SOURCES ?? '0') {
  clients = Number(clients); workers = Number(workers); rounds = Number(rounds); sources = Number(sources);
  if (!Number.isInteger(sources) || sources < 0 || sources > 253) throw new Error(`SOURCES must be 0 to 253 (127.0.0.2 … 127.0.0.254), not ${sources}`);
  // generous bounds that grow with the clients (P5b's 50,000): only a failed run reaches them
  const connectMs = Math.max(120000, clients * 10);
  const reportWaitMs = Math.max(10000, Math.round(clients * 0.4));
  const before = memory(pid);
  const connectStart = now();
  for (let w = 0, first = 0; w < workers; w++) {
    const share = Math.floor(clients / workers) + (w < clients % workers ? 1 : 0);
    procs.push(process.env.FANOUT_JAVA_CP
      ? javaWorker(live, key, share, first, sources)
      : fork(new URL(import.meta.url).pathname, ['worker', live, key, share, first, sources]));
    first += share;
  }
  let closed = 0;
  await Promise.all(procs.map(p => new Promise((resolve, reject) => {
    const watchdog = setTimeout(() => reject(new Error(`clients not connected within ${connectMs / 1000} s`)), connectMs);
    p.on('message', m => {
      if (m.type === 'ready') { clearTimeout(watchdog); resolve(); }
      if (m.type === 'closed') closed++;
      // a client that could not connect (out of ports or file descriptors: EADDRINUSE, EMFILE…) ends the run at once
      if (m.type === 'closed' && !m.connected) reject(new Error(`a client could not connect: close code ${m.code}, error ${m.error ?? 'none'}`));
    });
    p.on('exit', code => reject(new Error(`a worker exited with ${code}`)));
  })));
  const connectSeconds = (now() - connectStart) / 1000;
  const after = memory(pid);

  const latencies = [];
  const roundP99s = [];
  const roundCpuMs = [];
  const firsts = [];
  let missing = 0;
  for (let round = 1; round <= rounds; round++) {
    const serverBefore = cpuTicks(pid);
    const t0 = now();
    await click(ingest, key);
    const reports = await Promise.all(procs.map(p => new Promise(resolve => {
      const onMessage = m => { if (m.type === 'report') { p.off('message', onMessage); resolve(m); } };
      p.on('message', onMessage);
      p.send({ type: 'report', round, waitMs: reportWaitMs });
    })));
    const times = reports.flatMap(r => r.times).map(t => t - t0).sort((a, b) => a - b);
    missing += reports.reduce((n, r) => n + r.missing, 0);
    firsts.push(times[0]);
    const serverAfter = cpuTicks(pid);
    roundCpuMs.push([serverAfter[0] - serverBefore[0], serverAfter[1] - serverBefore[1], ...reports.flatMap(r => [Math.round(r.cpuMs - r.sysMs), Math.round(r.sysMs)])]);
    roundP99s.push(+times[Math.min(times.length - 1, Math.floor(0.99 * times.length))].toFixed(1));
    latencies.push(...times);
    await new Promise(r => setTimeout(r, 1000));
  }
  latencies.sort((a, b) => a - b);
  const q = p => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  firsts.sort((a, b) => a - b);
  // broadcast-service's CPU (user + system, all its threads) per frame delivered, the median of the rounds
  const perFrame = roundCpuMs.map(([user, sys]) => (user + sys) * 1000 / clients).sort((a, b) => a - b);
  const result = {
    clients, workers, sources, rounds, delivered: latencies.length, missing, closedEarly: closed, connectSeconds: +connectSeconds.toFixed(1),
    p50: +q(0.5).toFixed(1), p99: +q(0.99).toFixed(1), max: +q(1).toFixed(1), roundP99s, roundCpuMs,
    firstClientMedian: +firsts[Math.floor(firsts.length / 2)].toFixed(1),
    serverCpuUsPerFrame: +perFrame[Math.floor(perFrame.length / 2)].toFixed(1),
    rssKbPerClient: +((after.rssKb - before.rssKb) / clients).toFixed(1),
    heapKbPerClient: +((after.heapKb - before.heapKb) / clients).toFixed(1),
  };
  return { result, ok: missing === 0 && closed === 0 };
}

// A client process of FanoutClients.java (FANOUT_JAVA_CP: its class folder), made to look like a
// forked Node worker: its lines of JSON become 'message' events, send() writes its commands. C1
// only: C2's compilations cost a client process up to 250 ms of CPU in a round (measured), on the
// cores the server needs; C1's code is fast enough for a frame's few operations
function javaWorker(live, key, share, first, sources) {
  const url = new URL(live);
  const child = spawn(process.env.FANOUT_JAVA ?? 'java', ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:+DisplayVMOutputToStderr', '-cp', process.env.FANOUT_JAVA_CP,
    'FanoutClients', url.hostname, url.port, key, String(share), String(first), String(sources)], { stdio: ['pipe', 'pipe', 'inherit'] });
  createInterface({ input: child.stdout }).on('line', line => {
    let message;
    try { message = JSON.parse(line); } catch { console.error(`FanoutClients: ${line}`); return; }
    child.emit('message', message);
  });
  child.send = (message, callback) => {
    child.stdin.write(message.type === 'report' ? `report ${message.round} ${message.waitMs}\n` : `${message.type}\n`, callback);
    return true;
  };
  return child;
}

function click(ingest, key) {
  const body = JSON.stringify({ action: 'click', color: 'red' });
  return new Promise((resolve, reject) => {
    const req = http.request(`${ingest}/v1/events`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
    }, res => { res.resume(); res.statusCode === 202 ? resolve() : reject(new Error(`click answered ${res.statusCode}`)); });
    req.on('error', reject);
    req.end(body);
  });
}

// a process's CPU time (user + system) in ms, at /proc's resolution of 10 ms
function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return [Number(fields[11]) * 10, Number(fields[12]) * 10];
}

// resident set and heap in use after a full collection, in KB
function memory(pid) {
  execFileSync('jcmd', [pid, 'GC.run'], { stdio: 'ignore' });
  const heap = execFileSync('jcmd', [pid, 'GC.heap_info'], { encoding: 'utf8' });
  const used = /used (\d+)K/.exec(heap);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { heapKb: Number(used[1]), rssKb: Number(rss[1]) };
}
