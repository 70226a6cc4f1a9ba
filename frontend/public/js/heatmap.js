// The heatmap's data, without the page, so it can be tested in Node: bins, their folding to a
// coarser grid, the color scale, the live bins of /v1/live (versioned, never going back), and the
// date ranges of GET /v1/heatmap.
//
// A bin is [bx, by, count]: the area (an element marked data-ct-area) cut into resolution ×
// resolution squares, bx from the left and by from the top; a position x in [0, 1] falls in
// bin min(resolution - 1, floor(x * resolution)), exactly as the server counts it.

export const RESOLUTION = 32; // what the server keeps and pushes live
export const RESOLUTIONS = [32, 16, 8, 4];
export const RANGES = ['today', '7d', '30d', 'all'];
const DAY_MS = 86400000;

/** The bin a position (0 to 1) falls in; 1 is in the last bin, not past it. */
export function binOf(position, resolution = RESOLUTION) {
  return Math.min(resolution - 1, Math.floor(position * resolution));
}

/** Sorted as the server sorts them: row by row (by), then left to right (bx). */
export function sortBins(bins) {
  return bins.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/**
 * Bins of a fine grid added up into a coarser one (32 → 16, 8, …): bin bx of 32 is bin
 * floor(bx / 2) of 16, which is where the server would have put the same positions.
 */
export function fold(bins, from, to) {
  if (from % to !== 0) throw new RangeError(`cannot fold ${from} bins into ${to}`);
  const factor = from / to;
  const sums = new Map();
  for (const [bx, by, count] of bins) {
    const key = Math.floor(by / factor) * to + Math.floor(bx / factor);
    sums.set(key, (sums.get(key) ?? 0) + count);
  }
  return sortBins([...sums].filter(([, count]) => count > 0).map(([key, count]) => [key % to, Math.floor(key / to), count]));
}

export function summary(bins) {
  let total = 0;
  let max = 0;
  for (const [, , count] of bins) {
    total += count;
    max = Math.max(max, count);
  }
  return { total, max };
}

/** Where the lowest count sits on the color scale: a single click must not be drawn in near-black. */
export const SCALE_FLOOR = 0.15;

/**
 * A count's place on a color scale (0 to 1, for an interpolator such as d3.interpolateInferno),
 * linear from SCALE_FLOOR just above zero to 1 at the maximum; null for zero: not drawn at all.
 */
export function scaleOf(count, max) {
  if (!(count > 0) || !(max > 0)) return null;
  return SCALE_FLOOR + (1 - SCALE_FLOOR) * Math.min(1, count / max);
}

/**
 * The all-time bins of one area as /v1/live pushes them: per action, color and bin, the amount
 * and its version. A change whose version is not above the one held is ignored (a late frame,
 * or a snapshot older than what a frame already brought), so no bin ever goes back.
 */
export class LiveBins {
  constructor() {
    this.held = new Map(); // 'action color bx by' → {action, color, bx, by, amount, version}
  }

  /** One change; true if it was taken. */
  apply({ action, color, bx, by, amount, version }) {
    if (!Number.isInteger(bx) || !Number.isInteger(by) || !Number.isFinite(amount) || !Number.isFinite(version)) return false;
    const key = `${action} ${color} ${bx} ${by}`;
    const held = this.held.get(key);
    if (held && version <= held.version) return false;
    this.held.set(key, { action, color, bx, by, amount, version });
    return true;
  }

  /** A snapshot's list or a frame's changes; true if any was taken. */
  applyAll(changes = []) {
    let taken = false;
    for (const change of changes) taken = this.apply(change) || taken;
    return taken;
  }

  /** The bins of one action, of one color or (color null) of all colors added up. */
  bins(action, color = null) {
    const sums = new Map();
    for (const bin of this.held.values()) {
      if (bin.action !== action || (color !== null && bin.color !== color) || bin.amount <= 0) continue;
      const key = bin.by * RESOLUTION + bin.bx;
      sums.set(key, (sums.get(key) ?? 0) + bin.amount);
    }
    return sortBins([...sums].map(([key, count]) => [key % RESOLUTION, Math.floor(key / RESOLUTION), count]));
  }
}

/** A UTC day, as GET /v1/heatmap takes it: YYYY-MM-DD. */
export function utcDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The query of a range: today (from = to = today's UTC date), the last 7 or 30 days (today
 * included), or all time. Days are UTC days, as the server keeps them.
 */
export function rangeQuery(range, now = Date.now()) {
  const days = { today: 1, '7d': 7, '30d': 30 }[range];
  if (!days) return { range: 'all' };
  return { from: utcDay(now - (days - 1) * DAY_MS), to: utcDay(now) };
}

/** GET /v1/heatmap's URL for an area and the chosen action, color (null: all) and range. */
export function heatmapUrl(base, { area, action, color = null, range = 'all', resolution = RESOLUTION, now = Date.now() }) {
  const url = new URL('/v1/heatmap', base);
  url.searchParams.set('area', area);
  url.searchParams.set('action', action);
  if (color) url.searchParams.set('color', color);
  for (const [name, value] of Object.entries(rangeQuery(range, now))) url.searchParams.set(name, value);
  url.searchParams.set('resolution', String(resolution));
  return url.href;
}

/**
 * Runs `task` at once, or, when it ran less than `ms` ago, once when the `ms` are over: however
 * many times it is asked for meanwhile, it runs at most once per `ms`, and never misses the last ask.
 */
export function throttle(task, ms) {
  let last = -Infinity;
  let timer = null;
  const run = () => {
    timer = null;
    last = Date.now();
    task();
  };
  const ask = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  ask.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return ask;
}
