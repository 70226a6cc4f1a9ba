// The dashboard: a grid to click and hover (counted by tracker.js, like any page using it), the
// live counts, a donut per action and the events-per-second line, in one of three modes.
import { ACTIONS, PendingEvents, ServerCounts } from './state.js';
import { RateWindow, gridColors, shadeOf, slices } from './chart-data.js';
import { ConnectionStatus, PollingTransport, SocketTransport, liveUrl } from './connection.js';
import { DonutChart, RateChart } from './charts.js';
import { AREA, HeatmapView } from './heatmap-view.js';
import { VisitorsView } from './visitors-view.js';

const MODES = ['optimistic', 'websocket', 'polling'];
const GRID_COLUMNS = 10;
const params = new URLSearchParams(location.search);
const apiKey = params.get('api_key') || 'demo';
let mode = MODES.includes(params.get('mode')) ? params.get('mode') : 'websocket';

const server = new ServerCounts();
const pending = new PendingEvents();
const rates = new RateWindow(60);
const $ = (selector) => document.querySelector(selector);

const config = await loadConfig();
const pollIntervalMs = Math.max(250, Number(params.get('interval')) || config.pollIntervalMs);
const status = new ConnectionStatus(showStatus);
const charts = globalThis.d3 ? {
  click: new DonutChart($('#chart-click'), 'clicks'),
  hover: new DonutChart($('#chart-hover'), 'hovers'),
  rate: new RateChart($('#chart-rate')),
} : null;
if (!charts) showNotice('D3 could not be loaded (/vendor/d3.min.js): the charts are off, the counts still work.');
let transport = null;
let synced = false; // whether the events/s line is in step with the server's series
const heatmap = new HeatmapView({
  elements: {
    toggle: $('#heatmap-toggle'), controls: $('#heat-controls'), action: $('#heat-action'), color: $('#heat-color'),
    range: $('#heat-range'), resolution: $('#heat-bins'), frame: $('#grid-frame'), grid: $('#cells'), canvas: $('#heatmap'),
    legend: $('#heat-legend'), gradient: $('#heat-gradient'), max: $('#heat-max'), summary: $('#heat-summary'),
  },
  apiKey, counterBase: config.counter, liveUrl: liveUrl(config.broadcast, apiKey, location, [AREA]), pollIntervalMs, mode,
  interpolate: globalThis.d3?.interpolateInferno,
});
const visitors = new VisitorsView({
  elements: {
    toggle: $('#visitors-toggle'), panel: $('#visitors'), tokenForm: $('#token-form'), tokenInput: $('#read-token'),
    tokenMessage: $('#token-message'), tokenSet: $('#token-set'), forget: $('#token-forget'), live: $('#visitors-live'),
    presence: $('#presence'), elsewhere: $('#elsewhere'), cursors: $('#cursors'), sessions: $('#sessions'),
    refresh: $('#sessions-refresh'), replay: $('#replay'), replayTitle: $('#replay-title'), play: $('#replay-play'),
    speed: $('#replay-speed'), scrub: $('#replay-scrub'), time: $('#replay-time'), area: $('#replay-area'),
    box: $('#replay-box'), trail: $('#trail'), remove: $('#replay-delete'), close: $('#replay-close'),
  },
  apiKey, counterBase: config.counter, broadcastBase: config.broadcast,
});

/** config.json: service base URLs ('' = this page's origin, as behind the gateway) and timings. */
async function loadConfig() {
  const defaults = { ingest: '', counter: '', broadcast: '', pollIntervalMs: 1000, trackerFlushMs: 250, trackerClickFlushMs: 0, trackerPointer: true };
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    return response.ok ? { ...defaults, ...(await response.json()) } : defaults;
  } catch {
    return defaults;
  }
}

function serviceUrl(base, path) {
  return new URL(path, base || location.origin).href;
}

function loadTracker() {
  const script = document.createElement('script');
  script.src = serviceUrl(config.ingest, '/tracker.js');
  script.dataset.apiKey = apiKey;
  script.dataset.endpoint = serviceUrl(config.ingest, '/v1/events');
  script.dataset.flushMs = String(config.trackerFlushMs);
  script.dataset.clickFlushMs = String(config.trackerClickFlushMs);
  // the dashboard records its visitors' pointers like any page that opts in (where the key allows
  // it, and never with Global Privacy Control or Do Not Track): the Visitors view shows them
  if (config.trackerPointer) script.dataset.pointer = 'on';
  script.onerror = () => showNotice(`tracker.js could not be loaded from ${script.src}: clicks and hovers are not sent.`);
  document.head.append(script);
}

// what the tracker queued, what the server took and what it refused: optimistic mode draws the
// first at once and reconciles with the others (events drawn there stay drawn after a mode switch
// until the server has counted them, so no count goes back)
addEventListener('colortracking:queued', (event) => {
  if (mode !== 'optimistic') return;
  pending.add(server, event.detail);
  renderCounts();
});
addEventListener('colortracking:accepted', (event) => pending.accepted(event.detail.ids));
addEventListener('colortracking:refused', (event) => {
  pending.refuse(event.detail.events.map((e) => e.id));
  showNotice(`The server refused ${event.detail.events.length} event(s): ${event.detail.reason}`);
  renderCounts();
});

function start() {
  transport?.stop();
  synced = false;
  hideNotice();
  status.set('connecting', '');
  document.body.dataset.mode = mode;
  heatmap.setMode(mode);
  if (mode === 'polling') {
    transport = new PollingTransport({
      url: serviceUrl(config.counter, '/v1/counts'), apiKey, intervalMs: pollIntervalMs, status, onCounts: received,
    });
  } else {
    transport = new SocketTransport({
      url: liveUrl(config.broadcast, apiKey, location), status,
      onSnapshot: (frame) => received(frame),
      onChanges: (changes) => {
        for (const { action, color, amount, version } of changes) {
          const change = server.apply(action, color, amount, version);
          if (change) rates.record(action, change.delta);
        }
        update();
      },
    });
  }
  transport.start();
}

/** A snapshot frame or a GET /v1/counts body: a full picture of the key's counts. */
function received(picture) {
  const changes = server.applyCounts(picture.counts, picture.versions);
  if (!synced || picture.type === 'snapshot') {
    // first picture, or a resync after a reconnect: the server's buckets say when things happened
    synced = true;
    seedRates();
  } else {
    changes.forEach((change) => rates.record(change.action, change.delta));
  }
  if ($('#cells').childElementCount === 0) renderGrid();
  heatmap.setPalette(server.palette);
  update();
}

async function seedRates() {
  await Promise.all(ACTIONS.map(async (action) => {
    try {
      const response = await fetch(serviceUrl(config.counter, `/v1/counts/series?action=${action}&bucket=1s`),
        { headers: { 'X-API-Key': apiKey } });
      if (response.ok) rates.seed(action, (await response.json()).buckets);
    } catch {
      // the line then starts from what this page sees
    }
  }));
  charts?.rate.update(rates.points());
}

function update() {
  pending.settle(server);
  renderCounts();
  scheduleCharts();
}

function renderGrid() {
  const cells = $('#cells');
  cells.replaceChildren(...gridColors(server.palette).map((color, i) => {
    const cell = document.createElement('button');
    cell.type = 'button';
    cell.className = 'cell';
    cell.dataset.ctColor = color;
    cell.tabIndex = i === 0 ? 0 : -1; // one Tab stop for the grid; arrow keys move inside it
    cell.style.setProperty('--shade', shadeOf(color));
    cell.setAttribute('aria-label', `${color}, row ${Math.floor(i / GRID_COLUMNS) + 1}, column ${(i % GRID_COLUMNS) + 1}`);
    return cell;
  }));
  const rows = $('#counts');
  rows.replaceChildren(...server.palette.map((color) => {
    const row = document.createElement('tr');
    row.innerHTML = `<th scope="row"><span class="swatch"></span></th><td class="n" data-count="click:${color}">0</td>`
      + `<td class="n" data-count="hover:${color}">0</td>`;
    row.querySelector('.swatch').style.setProperty('--shade', shadeOf(color));
    row.querySelector('th').append(color);
    return row;
  }));
}

/** Arrow keys, Home and End move the focus inside the grid (a roving tabindex). */
function moveInGrid(event) {
  const cells = [...$('#cells').children];
  const from = cells.indexOf(document.activeElement);
  if (from < 0) return;
  const steps = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: GRID_COLUMNS, ArrowUp: -GRID_COLUMNS };
  let to;
  if (event.key in steps) to = from + steps[event.key];
  else if (event.key === 'Home') to = from - (from % GRID_COLUMNS);
  else if (event.key === 'End') to = from - (from % GRID_COLUMNS) + GRID_COLUMNS - 1;
  else return;
  event.preventDefault();
  if (to < 0 || to >= cells.length) return;
  cells[from].tabIndex = -1;
  cells[to].tabIndex = 0;
  cells[to].focus();
}

function shown(action, color) {
  return pending.shown(server, action, color); // the server's count unless own events are still on their way
}

function renderCounts() {
  for (const cell of document.querySelectorAll('[data-count]')) {
    const [action, color] = cell.dataset.count.split(':');
    const text = shown(action, color).toLocaleString('en');
    if (cell.textContent !== text) {
      cell.textContent = text;
      cell.classList.remove('bump');
      void cell.offsetWidth; // restarts the animation
      cell.classList.add('bump');
    }
  }
  scheduleCharts();
}

let chartsScheduled = false;
function scheduleCharts() {
  if (chartsScheduled) return;
  chartsScheduled = true;
  requestAnimationFrame(() => {
    chartsScheduled = false;
    if (!charts) return;
    for (const action of ACTIONS) charts[action].update(slices(server.palette, (color) => shown(action, color)));
  });
}

function showStatus(state, detail) {
  if (state !== 'live') synced = false; // after an outage, the line is reloaded from the server
  const pill = $('#status');
  pill.dataset.state = state;
  pill.querySelector('.label').textContent = state;
  pill.title = detail;
  $('#status-detail').textContent = detail;
}

function showNotice(text) {
  $('#notice-text').textContent = text;
  $('#notice').hidden = false;
}

function hideNotice() {
  $('#notice').hidden = true;
}

function setupModes() {
  for (const input of document.querySelectorAll('input[name="mode"]')) {
    input.checked = input.value === mode;
    input.addEventListener('change', () => {
      mode = input.value;
      const url = new URL(location.href);
      url.searchParams.set('mode', mode);
      history.replaceState(null, '', url);
      start();
    });
  }
}

$('#key').textContent = apiKey;
$('#notice-close').addEventListener('click', hideNotice);
$('#cells').addEventListener('keydown', moveInGrid);
setupModes();
heatmap.setup(params);
visitors.setup(params);
setInterval(() => {
  if (pending.settle(server)) renderCounts();
  charts?.rate.update(rates.points());
}, 1000);
charts?.rate.update(rates.points());
loadTracker();
start();
