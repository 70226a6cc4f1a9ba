// The local gateway of ./run.sh: serves the dashboard and routes /v1/... to the service that owns
// it, on one origin (http://localhost:8080). The deployments' gateways must route the same way.
// Node's standard library only: nothing to install.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, 'public');
// browser builds of npm dependencies, served by the dashboard itself (nginx copies the same files)
const vendor = { '/vendor/d3.min.js': path.join(here, 'node_modules/d3/dist/d3.min.js') };
const port = Number(process.env.GATEWAY_PORT || 8080);
const upstream = {
  ingest: new URL(process.env.INGEST_URL || 'http://127.0.0.1:8081'),
  counter: new URL(process.env.COUNTER_URL || 'http://127.0.0.1:8082'),
  broadcast: new URL(process.env.BROADCAST_URL || 'http://127.0.0.1:8083'),
};

/** Which service owns a request; the same table as the nginx gateway. */
export function route(method, pathname) {
  if (pathname === '/tracker.js' || pathname === '/heatmap.js' || pathname === '/v1/pointer') return 'ingest';
  if (pathname === '/v1/events') return method === 'GET' ? 'counter' : 'ingest';
  if (pathname.startsWith('/v1/events/cable') || pathname.startsWith('/v1/live')) return 'broadcast';
  if (pathname.startsWith('/v1/counts') || pathname.startsWith('/v1/heatmap') || pathname.startsWith('/v1/keys')
    || pathname.startsWith('/v1/sessions')) return 'counter';
  return null;
}

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

function serveStatic(req, res, pathname) {
  const file = vendor[pathname] ?? path.normalize(path.join(root, pathname === '/' ? 'index.html' : pathname));
  if (!vendor[pathname] && !file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  fs.readFile(file, (error, body) => {
    if (error) {
      const hint = vendor[pathname] ? ` (run 'npm ci' in ${here})` : '';
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found${hint}`);
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
}

// hop-by-hop headers belong to one connection, not to the request (RFC 9110 7.6.1)
const HOP_BY_HOP = ['connection', 'upgrade', 'http2-settings', 'keep-alive', 'proxy-connection', 'te', 'trailer'];

function proxy(req, res, target) {
  const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress, 'x-forwarded-proto': 'http' };
  HOP_BY_HOP.forEach((name) => delete headers[name]);
  const forward = http.request({
    host: target.hostname, port: target.port, method: req.method, path: req.url, headers,
  }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
    }
    res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: `${target.host} is not answering` }));
  });
  // the browser went away (a closed stream, an aborted request): so does the upstream request
  res.on('close', () => {
    if (!res.writableFinished) forward.destroy();
  });
  req.pipe(forward);
}

function handle(req, res) {
  const { pathname } = new URL(req.url, 'http://gateway');
  const owner = route(req.method, pathname);
  if (owner) proxy(req, res, upstream[owner]);
  else serveStatic(req, res, pathname);
}

const server = http.createServer(handle);

// WebSocket upgrades are piped byte for byte to the owning service
server.on('upgrade', (req, socket, head) => {
  if ((req.headers.upgrade || '').toLowerCase() !== 'websocket') {
    // another upgrade (a client offering h2c): declined, answered as plain HTTP/1.1, as nginx does
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.on('finish', () => socket.end());
    handle(req, res);
    return;
  }
  const { pathname } = new URL(req.url, 'http://gateway');
  const owner = route(req.method, pathname);
  if (!owner) {
    socket.destroy();
    return;
  }
  const target = upstream[owner];
  const upstreamSocket = net.connect(Number(target.port), target.hostname, () => {
    const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
    upstreamSocket.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
    upstreamSocket.write(head);
    upstreamSocket.pipe(socket);
    socket.pipe(upstreamSocket);
  });
  upstreamSocket.on('error', () => socket.destroy());
  socket.on('error', () => upstreamSocket.destroy());
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  server.listen(port, '127.0.0.1', () => console.log(`gateway on http://localhost:${port}`));
  // stateless: nothing to drain, and open keep-alive connections would hold server.close() up
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
