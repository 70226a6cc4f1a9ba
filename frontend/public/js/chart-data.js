// The data behind the charts, without D3 or the page, so it can be tested in Node.

/** Softer shades for the default palette; any other palette color is drawn as its CSS name. */
const SHADES = {
  blue: '#3b82f6',
  green: '#22c55e',
  red: '#ef4444',
  yellow: '#facc15',
  orange: '#f97316',
  purple: '#a855f7',
  pink: '#ec4899',
  black: '#1f2937',
  white: '#f8fafc',
  gray: '#9ca3af',
  grey: '#9ca3af',
};

/** The color a palette entry is drawn in: the same for the same name, always. */
export function shadeOf(color) {
  return SHADES[color] ?? color;
}

/**
 * One slice per palette color, in palette order, zeros included: a slice's position and color
 * never depend on which other colors have counts, so transitions move slices, never swap them.
 */
export function slices(palette, valueOf) {
  return palette.map((color) => ({ color, value: Math.max(0, valueOf(color)) }));
}

/** A 100-cell grid (by default) of palette colors picked at random, each color at least once. */
export function gridColors(palette, cells = 100, random = Math.random) {
  if (palette.length === 0) return [];
  const colors = [];
  for (let i = 0; i < cells; i++) {
    colors.push(i < palette.length ? palette[i] : palette[Math.floor(random() * palette.length)]);
  }
  for (let i = colors.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [colors[i], colors[j]] = [colors[j], colors[i]];
  }
  return colors;
}

/**
 * Events per second over the last `seconds` seconds, per action: seeded from
 * GET /v1/counts/series (1 s buckets), then fed with the increases the page sees.
 */
export class RateWindow {
  constructor(seconds = 60) {
    this.seconds = seconds;
    this.buckets = new Map(); // second (ms since epoch) → {click, hover}
  }

  static second(ms) {
    return Math.floor(ms / 1000) * 1000;
  }

  record(action, delta, nowMs = Date.now()) {
    if (!(delta > 0)) return;
    const key = RateWindow.second(nowMs);
    const bucket = this.buckets.get(key) ?? { click: 0, hover: 0 };
    bucket[action] = (bucket[action] ?? 0) + delta;
    this.buckets.set(key, bucket);
    this.prune(nowMs);
  }

  /** Replaces an action's history with the server's buckets (`{start, counts: {color: n}}`). */
  seed(action, buckets, nowMs = Date.now()) {
    for (const bucket of this.buckets.values()) bucket[action] = 0;
    for (const { start, counts } of buckets) {
      const key = RateWindow.second(Date.parse(start));
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      const entry = this.buckets.get(key) ?? { click: 0, hover: 0 };
      entry[action] = total;
      this.buckets.set(key, entry);
    }
    this.prune(nowMs);
  }

  /** One point per second, oldest first, the current (partial) second last. */
  points(nowMs = Date.now()) {
    const last = RateWindow.second(nowMs);
    const points = [];
    for (let t = last - (this.seconds - 1) * 1000; t <= last; t += 1000) {
      const bucket = this.buckets.get(t);
      points.push({ t, click: bucket?.click ?? 0, hover: bucket?.hover ?? 0 });
    }
    return points;
  }

  prune(nowMs) {
    const oldest = RateWindow.second(nowMs) - (this.seconds - 1) * 1000;
    for (const key of this.buckets.keys()) {
      if (key < oldest) this.buckets.delete(key);
    }
  }
}
