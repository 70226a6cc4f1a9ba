// How the dashboard hears about counts: the live WebSocket (snapshot, then versioned updates) or
// polling GET /v1/counts with If-None-Match. Both report one of four states — connecting, live,
// reconnecting, offline — retry with backoff, and resync from a fresh snapshot or poll.

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s, … up to 10 s. */
export class Backoff {
  constructor(firstMs = 500, maxMs = 10000, random = Math.random) {
    this.firstMs = firstMs;
    this.maxMs = maxMs;
    this.random = random;
    this.attempt = 0;
  }

  next() {
    const ceiling = Math.min(this.maxMs, this.firstMs * 2 ** this.attempt);
    this.attempt += 1;
    // between half and all of the ceiling, so reconnecting pages do not arrive all at once
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset() {
    this.attempt = 0;
  }
}

/** What the status pill says: offline once the browser says so or nothing worked for `offlineAfterMs`. */
export class ConnectionStatus {
  constructor(onChange, offlineAfterMs = 30000) {
    this.onChange = onChange;
    this.offlineAfterMs = offlineAfterMs;
    this.state = 'connecting';
    this.failingSince = null;
    this.detail = '';
  }

  connected() {
    this.failingSince = null;
    this.set('live', '');
  }

  failed(now = Date.now(), browserOnline = true, retryInMs = 0) {
    this.failingSince ??= now;
    const offline = !browserOnline || now - this.failingSince >= this.offlineAfterMs;
    this.set(offline ? 'offline' : 'reconnecting', retryInMs > 0 ? `retrying in ${Math.ceil(retryInMs / 1000)} s` : '');
  }

  /** The key was refused (401/403): retrying cannot help. */
  refused(reason) {
    this.set('offline', reason);
  }

  set(state, detail) {
    if (state === this.state && detail === this.detail) return;
    this.state = state;
    this.detail = detail;
    this.onChange(state, detail);
  }
}

/**
 * The WebSocket endpoint for a key: the configured broadcast base, or this page's own origin.
 * `heat` names the areas (up to 4) whose heatmap bins it should push too.
 */
export function liveUrl(base, apiKey, here, heat = []) {
  const url = new URL('/v1/live', base || here.origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('api_key', apiKey);
  if (heat.length > 0) url.searchParams.set('heat', heat.join(','));
  return url.href;
}

const REFUSED = { 4401: 'the API key is unknown or revoked', 4403: 'this page\'s origin is not allowed for the key' };

/**
 * /v1/live: `onSnapshot(frame)` after every (re)connect, then `onChanges(changes)` for counts and
 * `onHeat(frame)` for heatmap bins (only with `heat` in the URL). Another endpoint's frames
 * (/v1/live/cursors) go to `onFrame(frame)`, its first frame's type named by `snapshotType`;
 * `onRefused(code)` hears a refusal (4401, 4403) after the status does. One socket at a
 * time: a replaced or stopped one is closed and its events ignored; a connection that brings no
 * snapshot within `snapshotTimeoutMs` (a hung handshake, a silent proxy) is dropped and retried.
 */
export class SocketTransport {
  constructor({
    url, status, onSnapshot, onChanges = () => {}, onHeat = () => {}, onFrame = () => {}, onRefused = () => {}, snapshotType = 'snapshot',
    WebSocketImpl = globalThis.WebSocket, backoff = new Backoff(), env = globalThis, snapshotTimeoutMs = 10000, protocols = null,
  }) {
    Object.assign(this, { url, status, onSnapshot, onChanges, onHeat, onFrame, onRefused, snapshotType, WebSocketImpl, backoff, env, snapshotTimeoutMs, protocols });
    this.socket = null;
    this.timer = null;
    this.snapshotTimer = null;
    this.stopped = false;
    this.online = () => this.reconnectNow();
  }

  start() {
    this.env.addEventListener?.('online', this.online);
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.env.removeEventListener?.('online', this.online);
    clearTimeout(this.timer);
    this.drop('mode changed');
  }

  connect() {
    if (this.stopped) return;
    this.drop('replaced');
    const socket = this.protocols ? new this.WebSocketImpl(this.url, this.protocols) : new this.WebSocketImpl(this.url);
    this.socket = socket;
    this.snapshotTimer = setTimeout(() => socket.close(4000, 'no snapshot in time'), this.snapshotTimeoutMs);
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      const frame = JSON.parse(message.data);
      if (frame.type === this.snapshotType) {
        clearTimeout(this.snapshotTimer);
        this.backoff.reset();
        this.status.connected();
        this.onSnapshot(frame);
      } else if (frame.type === 'update') {
        this.onChanges(frame.changes);
      } else if (frame.type === 'heat') {
        this.onHeat(frame);
      } else {
        this.onFrame(frame);
      }
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      clearTimeout(this.snapshotTimer);
      if (REFUSED[event.code]) {
        // retrying cannot help: stay down, and say why
        this.stop();
        this.status.refused(event.reason || REFUSED[event.code]);
        this.onRefused(event.code);
        return;
      }
      const wait = this.backoff.next();
      this.status.failed(Date.now(), this.env.navigator?.onLine ?? true, wait);
      this.timer = setTimeout(() => this.connect(), wait);
    };
  }

  /** Closes the current socket, if any, and forgets it: nothing it still says is heard. */
  drop(reason) {
    const socket = this.socket;
    this.socket = null;
    clearTimeout(this.snapshotTimer);
    if (socket) {
      socket.onmessage = null;
      socket.onclose = null;
      socket.close(1000, reason);
    }
  }

  /** The browser is back online: try now rather than at the end of the backoff. */
  reconnectNow() {
    if (this.stopped || this.socket?.readyState === 1) return;
    clearTimeout(this.timer);
    this.backoff.reset();
    this.connect();
  }
}

/**
 * GET /v1/counts every `intervalMs`; 304 when nothing changed costs the server almost nothing.
 * A failure (no answer in 10 s included) is retried with backoff, or after its Retry-After.
 */
export class PollingTransport {
  constructor({ url, apiKey, intervalMs, status, onCounts, fetchImpl = globalThis.fetch.bind(globalThis), backoff = new Backoff(), env = globalThis }) {
    Object.assign(this, { url, apiKey, intervalMs, status, onCounts, fetchImpl, backoff, env });
    this.etag = null;
    this.timer = null;
    this.stopped = false;
    this.online = () => {
      clearTimeout(this.timer);
      this.poll();
    };
  }

  start() {
    this.env.addEventListener?.('online', this.online);
    this.poll();
  }

  stop() {
    this.stopped = true;
    this.env.removeEventListener?.('online', this.online);
    clearTimeout(this.timer);
  }

  async poll() {
    if (this.stopped) return;
    let wait = this.intervalMs;
    try {
      const headers = { 'X-API-Key': this.apiKey };
      if (this.etag) headers['If-None-Match'] = this.etag;
      const response = await this.fetchImpl(this.url, { headers, cache: 'no-store', signal: AbortSignal.timeout(10000) });
      if (this.stopped) return;
      if (response.status === 401 || response.status === 403) {
        const problem = await response.json().catch(() => ({}));
        if (this.stopped) return;
        this.stop(); // retrying cannot help: stay down, and say why
        this.status.refused(problem.detail || `refused with ${response.status}`);
        return;
      }
      if (response.status === 200) {
        const body = await response.json();
        if (this.stopped) return;
        this.etag = response.headers.get('ETag');
        this.onCounts(body);
      } else if (response.status !== 304) {
        const error = new Error(`GET /v1/counts answered ${response.status}`);
        error.retryAfterMs = 1000 * Number(response.headers.get('Retry-After'));
        throw error;
      }
      this.backoff.reset();
      this.status.connected();
    } catch (error) {
      if (this.stopped) return;
      wait = Math.max(this.backoff.next(), error.retryAfterMs || 0);
      this.status.failed(Date.now(), this.env.navigator?.onLine ?? true, wait);
    }
    this.timer = setTimeout(() => this.poll(), wait);
  }
}
