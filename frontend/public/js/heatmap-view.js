// The heatmap over the grid: a canvas laid exactly over #cells (clicks pass through it to the
// cells), its legend and controls, and where its bins come from:
//   - GET /v1/heatmap for the chosen range (always asked at 32 × 32; coarser grids are folded here);
//   - all time, live: the snapshot's and the `heat` frames' bins of a /v1/live socket of its own
//     (`&heat=grid`), merged by version;
//   - today, live: the same socket says when a bin of the shown action moved, and the API is
//     asked again (at most every 500 ms);
//   - in polling mode no socket is opened: all time and today are asked again every poll interval;
//   - 7 and 30 days are asked once per choice.
// The drawn state is on the canvas for tests: data-bins ([[bx, by, count], …] as drawn), data-total,
// data-max, data-resolution, data-action, data-color, data-range, data-state and data-live.
import { ConnectionStatus, SocketTransport } from './connection.js';
import {
  LiveBins, RANGES, RESOLUTION, RESOLUTIONS, SCALE_FLOOR, fold, heatmapUrl, scaleOf, summary, throttle,
} from './heatmap.js';

export const AREA = 'grid'; // the dashboard's grid is marked data-ct-area="grid"
const ACTIONS = ['click', 'hover'];
const LIVE_RANGES = ['all', 'today'];
const DEFAULTS = { action: 'click', color: '', range: 'all', resolution: RESOLUTION };
const REFETCH_MS = 500;

export class HeatmapView {
  /**
   * `elements`: {toggle, controls, action, color, range, resolution, frame, grid, canvas, legend,
   * gradient, max, summary}; `mode` the dashboard's; `interpolate` maps 0–1 to a color
   * (d3.interpolateInferno).
   */
  constructor({ elements, apiKey, counterBase, liveUrl, pollIntervalMs, mode, interpolate, fetchImpl = globalThis.fetch.bind(globalThis) }) {
    Object.assign(this, { el: elements, apiKey, counterBase, liveUrl, pollIntervalMs, mode, interpolate, fetchImpl });
    this.options = { on: false, ...DEFAULTS };
    this.live = new LiveBins();
    this.liveSynced = false; // a snapshot of the current socket arrived: its bins are the all-time truth
    this.fetched = []; // the API's bins for the current choice (32 × 32)
    this.sequence = 0; // only the answer to the latest request is drawn
    this.socket = null;
    this.pollTimer = null;
    this.refetch = throttle(() => this.load(), REFETCH_MS);
    this.shown = { total: 0, bins: 0 };
    this.error = null; // why the last request failed
  }

  /** Reads the choice from the URL (heatmap=1, heat_action, heat_color, heat_range, heat_bins), wires the controls. */
  setup(params) {
    const { el } = this;
    this.options = {
      on: params.get('heatmap') === '1',
      action: ACTIONS.includes(params.get('heat_action')) ? params.get('heat_action') : DEFAULTS.action,
      color: params.get('heat_color') ?? DEFAULTS.color,
      range: RANGES.includes(params.get('heat_range')) ? params.get('heat_range') : DEFAULTS.range,
      resolution: RESOLUTIONS.includes(Number(params.get('heat_bins'))) ? Number(params.get('heat_bins')) : DEFAULTS.resolution,
    };
    if (!this.interpolate) {
      // no D3, no color scale: say so rather than draw something misleading
      el.toggle.disabled = true;
      el.toggle.closest('label').title = 'The heatmap needs D3 (/vendor/d3.min.js), which could not be loaded';
      this.options.on = false;
    }
    this.setPalette([]);
    el.toggle.checked = this.options.on;
    el.action.value = this.options.action;
    el.range.value = this.options.range;
    el.resolution.value = String(this.options.resolution);
    el.gradient.style.background = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1]
      .map((t) => this.interpolate?.(SCALE_FLOOR + (1 - SCALE_FLOOR) * t)).join(', ')})`;
    el.toggle.addEventListener('change', () => this.choose({ on: el.toggle.checked }));
    el.action.addEventListener('change', () => this.choose({ action: el.action.value }));
    el.color.addEventListener('change', () => this.choose({ color: el.color.value }));
    el.range.addEventListener('change', () => this.choose({ range: el.range.value }));
    el.resolution.addEventListener('change', () => this.choose({ resolution: Number(el.resolution.value) }));
    // the canvas follows the grid's size (a narrow window, a phone turned around)
    new ResizeObserver(() => this.draw()).observe(el.grid);
    this.apply();
  }

  /** The dashboard's mode: in polling mode the heatmap opens no socket either. */
  setMode(mode) {
    if (mode === this.mode) return;
    this.mode = mode;
    this.closeSocket();
    this.apply();
  }

  /** The colors to choose from, as the counts name them; a color chosen in the URL stays choosable. */
  setPalette(palette) {
    const colors = ['', ...new Set([...palette, this.options.color].filter(Boolean))];
    const select = this.el.color;
    if ([...select.options].map((o) => o.value).join() === colors.join()) return;
    select.replaceChildren(...colors.map((color) => new Option(color || 'all colors', color)));
    select.value = this.options.color;
  }

  choose(change) {
    const before = this.options;
    this.options = { ...before, ...change };
    const url = new URL(location.href);
    const names = { action: 'heat_action', color: 'heat_color', range: 'heat_range', resolution: 'heat_bins' };
    if (this.options.on) url.searchParams.set('heatmap', '1');
    else url.searchParams.delete('heatmap');
    for (const [option, name] of Object.entries(names)) {
      if (this.options[option] === DEFAULTS[option]) url.searchParams.delete(name);
      else url.searchParams.set(name, String(this.options[option]));
    }
    history.replaceState(null, '', url);
    if (change.resolution !== undefined && Object.keys(change).length === 1) this.draw(); // folded here, nothing to ask
    else this.apply();
  }

  /** Starts or stops the sources the current choice needs, and asks for its bins. */
  apply() {
    const { on, range } = this.options;
    const { el } = this;
    el.controls.hidden = !on;
    el.legend.hidden = !on;
    el.canvas.hidden = !on;
    const live = on && LIVE_RANGES.includes(range);
    if (live && this.mode !== 'polling') this.openSocket();
    else this.closeSocket();
    clearInterval(this.pollTimer);
    this.pollTimer = live && this.mode === 'polling' ? setInterval(() => this.load(), this.pollIntervalMs) : null;
    if (!live) this.showLive('off', '');
    else if (this.mode === 'polling') this.showLive('polling', '');
    this.refetch.cancel();
    this.fetched = [];
    if (!on) {
      this.sequence += 1; // answers still on their way are not drawn
      return;
    }
    if (range === 'all' && this.liveSynced) {
      this.draw(); // the socket's bins are there already
      return;
    }
    this.el.canvas.dataset.state = 'loading';
    this.draw();
    this.load();
  }

  openSocket() {
    if (this.socket) return;
    this.liveSynced = false;
    this.showLive('connecting', '');
    this.socket = new SocketTransport({
      url: this.liveUrl, status: new ConnectionStatus((state, detail) => this.showLive(state, detail)),
      onSnapshot: (frame) => {
        this.liveSynced = true;
        this.live.applyAll(frame.heat?.[AREA]);
        if (this.options.range === 'all') this.draw();
        else this.refetch(); // reconnected: what moved meanwhile is unknown
      },
      onHeat: (frame) => {
        if (frame.area !== AREA) return;
        const taken = this.live.applyAll(frame.changes);
        const { action, color, range } = this.options;
        if (range === 'all' && taken) this.draw();
        else if (range === 'today' && frame.changes.some((c) => c.action === action && (!color || c.color === color))) this.refetch();
      },
    });
    this.socket.start();
  }

  closeSocket() {
    this.socket?.stop();
    this.socket = null;
    this.liveSynced = false;
  }

  async load() {
    if (!this.options.on) return;
    const sequence = ++this.sequence;
    const { action, color, range } = this.options;
    const url = heatmapUrl(this.counterBase || location.origin, { area: AREA, action, color: color || null, range });
    try {
      const response = await this.fetchImpl(url, { headers: { 'X-API-Key': this.apiKey }, cache: 'no-store', signal: AbortSignal.timeout(10000) });
      const body = await response.json().catch(() => ({}));
      if (sequence !== this.sequence) return;
      if (!response.ok) throw new Error(body.detail || `GET /v1/heatmap answered ${response.status}`);
      this.fetched = body.bins ?? [];
      this.el.canvas.dataset.state = 'ready';
      this.error = null;
      this.loadedAt = new Date();
      this.draw();
    } catch (error) {
      if (sequence !== this.sequence) return;
      this.el.canvas.dataset.state = 'error';
      this.error = error.message;
      this.showSummary();
    }
  }

  /** The bins of the current choice at 32 × 32: the live all-time ones once a snapshot came, else the API's. */
  bins() {
    const { action, color, range } = this.options;
    if (range === 'all' && this.liveSynced) return this.live.bins(action, color || null);
    return this.fetched;
  }

  draw() {
    const { canvas, frame } = this.el;
    if (!this.options.on) return;
    const { resolution, action, color, range } = this.options;
    const bins = resolution === RESOLUTION ? this.bins() : fold(this.bins(), RESOLUTION, resolution);
    const { total, max } = summary(bins);
    if (range === 'all' && this.liveSynced) canvas.dataset.state = 'ready';
    Object.assign(canvas.dataset, { bins: JSON.stringify(bins), total, max, resolution, action, color, range });
    canvas.setAttribute('aria-label', `heatmap of ${action}s: ${total} in ${bins.length} of ${resolution} × ${resolution} bins`);
    this.el.max.textContent = max.toLocaleString('en');
    this.shown = { total, bins: bins.length };
    this.showSummary();

    // the canvas's pixels follow its size on screen (and the screen's density), so bins stay sharp
    const box = frame.getBoundingClientRect();
    const ratio = globalThis.devicePixelRatio || 1;
    const width = Math.round(box.width * ratio);
    const height = Math.round(box.height * ratio);
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    const context = canvas.getContext('2d');
    context.clearRect(0, 0, width, height);
    // a veil dims the cells, so that the heat stands out and the cells stay recognisable under it
    context.fillStyle = 'rgb(15 23 42 / 0.55)';
    context.fillRect(0, 0, width, height);
    for (const [bx, by, count] of bins) {
      const t = scaleOf(count, max);
      if (t === null) continue;
      context.globalAlpha = 0.8 + 0.2 * t;
      context.fillStyle = this.interpolate(t);
      const x0 = Math.round((bx * width) / resolution);
      const y0 = Math.round((by * height) / resolution);
      context.fillRect(x0, y0, Math.round(((bx + 1) * width) / resolution) - x0, Math.round(((by + 1) * height) / resolution) - y0);
    }
    context.globalAlpha = 1;
  }

  showSummary() {
    const { action, range } = this.options;
    const when = { today: 'today (UTC)', '7d': 'last 7 days', '30d': 'last 30 days', all: 'all time' }[range];
    const state = this.el.canvas.dataset.live;
    const asOf = `as of ${this.loadedAt?.toLocaleTimeString('en') ?? '…'}`;
    const freshness = { live: 'live', off: asOf, polling: `polling, ${asOf}` }[state] ?? state;
    if (this.error) {
      this.el.summary.textContent = `heatmap unavailable: ${this.error}`;
      return;
    }
    this.el.summary.textContent = `${this.shown.total.toLocaleString('en')} ${action}s in ${this.shown.bins} bins, ${when} · ${freshness}`;
  }

  /** How the heatmap keeps up: live, connecting, reconnecting, offline (its socket), polling, or off (asked once). */
  showLive(state, detail) {
    this.el.canvas.dataset.live = state;
    this.el.canvas.title = detail;
    if (this.options.on) this.showSummary();
  }
}
