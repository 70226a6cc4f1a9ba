// The Visitors view's data, without the page, so it can be tested in Node: the read token's place
// (sessionStorage, never the URL), the URLs of the read API and of the live cursors, the live
// cursors' frames folded into who is here and where their pointer is, and a recorded session's
// replay: where the pointer was at a time, the trail up to it, and the player's clock.
//
// A sample is [t_ms, area, x, y, kind]: t_ms since the session's start, x and y fractions (0 to 1)
// of the area's box (an element marked data-ct-area, or "viewport"), kind "m" (a move) or "c" (a click).

export const GRID_AREA = 'grid'; // the dashboard's grid: cursors there are drawn over it
export const SPEEDS = [1, 4];
const TOKEN_PREFIX = 'colortracking.readToken.';
const SAMPLE_GAP_MS = 250; // samples further apart than this: the pointer was still in between

/** The read token of a key, kept for this tab only (sessionStorage), never in a URL or a link. */
export const tokens = {
  get: (storage, apiKey) => {
    try { return storage.getItem(TOKEN_PREFIX + apiKey) || null; } catch { return null; }
  },
  set: (storage, apiKey, token) => {
    try { storage.setItem(TOKEN_PREFIX + apiKey, token); } catch { /* storage off: kept in memory only */ }
  },
  forget: (storage, apiKey) => {
    try { storage.removeItem(TOKEN_PREFIX + apiKey); } catch { /* nothing kept */ }
  },
};

/**
 * The live cursors' WebSocket: the configured broadcast base, or this page's own origin. The read
 * token never goes in the address (proxies log addresses): it travels as a subprotocol, below.
 */
export function cursorsUrl(base, apiKey, here) {
  const url = new URL('/v1/live/cursors', base || here.origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('api_key', apiKey);
  return url.href;
}

/** The subprotocols that open the live cursors with a read token: the server answers "cursors.v1". */
export function cursorsProtocols(token) {
  return ['cursors.v1', `token.${token}`];
}

/** GET/DELETE /v1/sessions[/{session}] on counter-service, with the key (the token is in a header). */
export function sessionsUrl(base, apiKey, { session = null, limit = null } = {}) {
  const url = new URL(session ? `/v1/sessions/${encodeURIComponent(session)}` : '/v1/sessions', base);
  url.searchParams.set('api_key', apiKey);
  if (limit) url.searchParams.set('limit', String(limit));
  return url.href;
}

/**
 * Who is on the key's pages now and where their pointers are, from the frames of
 * /v1/live/cursors: `presence` (everyone, replacing what was known: a new connection's truth),
 * `joined`, `cursors` (the latest position of each session that moved) and `left`.
 */
export class LiveCursors {
  constructor() {
    this.visitors = new Map(); // session → {session, page, since, position: {area, x, y, t} | null}
  }

  /** Takes one frame; says whether the list of visitors changed and which cursors moved. */
  apply(frame) {
    const moved = [];
    let listChanged = false;
    if (frame.type === 'presence') {
      const before = this.visitors;
      this.visitors = new Map();
      for (const { session, page, since } of frame.sessions ?? []) {
        this.visitors.set(session, { session, page, since, position: before.get(session)?.position ?? null });
      }
      listChanged = true;
    } else if (frame.type === 'joined') {
      const known = this.visitors.get(frame.session);
      this.visitors.set(frame.session, { session: frame.session, page: frame.page, since: frame.since, position: known?.position ?? null });
      listChanged = true;
    } else if (frame.type === 'left') {
      listChanged = this.visitors.delete(frame.session);
    } else if (frame.type === 'cursors') {
      for (const { session, area, x, y, t } of frame.positions ?? []) {
        let visitor = this.visitors.get(session);
        if (!visitor) {
          // moved before its joined frame came: known from now on, page unknown yet
          visitor = { session, page: null, since: null, position: null };
          this.visitors.set(session, visitor);
          listChanged = true;
        }
        if (visitor.position && t < visitor.position.t) continue; // an older position never replaces a newer one
        visitor.position = { area, x: clamp(x), y: clamp(y), t };
        moved.push(session);
      }
    }
    return { listChanged, moved };
  }

  /** Everyone here, the longest-present first (unknown arrival last). */
  list() {
    return [...this.visitors.values()].sort((a, b) => (Date.parse(a.since) || Infinity) - (Date.parse(b.since) || Infinity)
      || a.session.localeCompare(b.session));
  }

  clear() {
    this.visitors.clear();
  }
}

function clamp(value) {
  return Math.min(1, Math.max(0, Number(value) || 0));
}

/**
 * A recorded session, for replay. Between two samples of the same area less than
 * SAMPLE_GAP_MS apart the pointer is drawn moving in a straight line; otherwise it stays where it
 * was (no samples means the pointer was still) until the next sample.
 */
export class Timeline {
  constructor(samples) {
    this.samples = (samples ?? []).map(([t, area, x, y, kind]) => ({ t, area, x: clamp(x), y: clamp(y), kind }))
      .sort((a, b) => a.t - b.t);
    this.duration = this.samples.length ? this.samples.at(-1).t : 0;
  }

  /** The areas the session went through, the one with most samples first. */
  areas() {
    const counts = new Map();
    for (const { area } of this.samples) counts.set(area, (counts.get(area) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([area]) => area);
  }

  /** How many samples are at or before `t` (binary search). */
  countUntil(t) {
    let low = 0;
    let high = this.samples.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.samples[mid].t <= t) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Where the pointer was at `t`: {area, x, y}, or null before the first sample. */
  at(t) {
    const n = this.countUntil(t);
    if (n === 0) return null;
    const previous = this.samples[n - 1];
    const next = this.samples[n];
    if (!next || next.area !== previous.area || next.t - previous.t > SAMPLE_GAP_MS || next.t === previous.t) {
      return { area: previous.area, x: previous.x, y: previous.y };
    }
    const f = (t - previous.t) / (next.t - previous.t);
    return { area: previous.area, x: previous.x + (next.x - previous.x) * f, y: previous.y + (next.y - previous.y) * f };
  }

  /** The samples up to `t` in one area, as [x, y, kind]: the trail drawn there. */
  trail(t, area) {
    return this.samples.slice(0, this.countUntil(t)).filter((s) => s.area === area).map((s) => [s.x, s.y, s.kind]);
  }

  /** The clicks up to `t`, all areas. */
  clicks(t) {
    return this.samples.slice(0, this.countUntil(t)).filter((s) => s.kind === 'c');
  }
}

/** The replay's clock: position in ms of the session, playing or not, at 1× or 4×; stops at the end. */
export class Player {
  constructor(duration) {
    this.duration = Math.max(0, duration);
    this.t = 0;
    this.playing = false;
    this.speed = 1;
  }

  play() {
    if (this.t >= this.duration) this.t = 0; // played to the end: from the start again
    this.playing = this.duration > 0;
  }

  pause() {
    this.playing = false;
  }

  setSpeed(speed) {
    if (SPEEDS.includes(speed)) this.speed = speed;
  }

  seek(t) {
    this.t = Math.min(this.duration, Math.max(0, Number(t) || 0));
  }

  /** `elapsedMs` of real time went by; returns whether the position moved. */
  advance(elapsedMs) {
    if (!this.playing) return false;
    this.seek(this.t + elapsedMs * this.speed);
    if (this.t >= this.duration) this.playing = false;
    return true;
  }
}

/** 75_000 → "1:15", 3_725_000 → "1:02:05". */
export function clockOf(ms) {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A page's URL shortened for a list: its path and query, or the whole of it when that fails. */
export function pageLabel(page) {
  if (!page) return 'page unknown';
  try {
    const url = new URL(page);
    return `${url.host}${url.pathname}${url.search}`;
  } catch {
    return page;
  }
}
