// The dashboard: a grid to click and hover (counted by tracker.js, like any page using it), the
// live counts, a donut per action and the events-per-second line, in one of three modes.
import { ACTIONS, PendingEvents, ServerCounts } from './state.js';
import { RateWindow, gridColors, shadeOf, slices } from './chart-data.js';
import { ConnectionStatus, PollingTransport, SocketTransport, liveUrl } from './connection.js';
import { DonutChart, RateChart } from './charts.js';

const MODES = ['optimistic', 'websocket', 'polling'];
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
const charts = { click: new DonutChart($('#chart-click'), 'clicks'), hover: new DonutChart($('#chart-hover'), 'hovers') };
const rateChart = new RateChart($('#chart-rate'));
let transport = null;
let synced = false;

/** config.json: service base URLs ('' = this page's origin, as behind the gateway) and timings. */
async function loadConfig() {
  const defaults = { ingest: '', counter: '', broadcast: '', pollIntervalMs: 1000, trackerFlushMs: 250 };
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
  script.onerror = () => showNotice(`tracker.js could not be loaded from ${script.src}: clicks and hovers are not sent.`);
  document.head.append(script);
}

// what the tracker queued and what the server refused: optimistic mode draws the first at once
addEventListener('colortracking:queued', (event) => {
  if (mode !== 'optimistic') return;
  pending.add(server, event.detail);
  renderCounts();
});
addEventListener('colortracking:refused', (event) => {
  pending.refuse(event.detail.events.map((e) => e.id));
  showNotice(`The server refused ${event.detail.events.length} event(s): ${event.detail.reason}`);
  renderCounts();
});

function start() {
  transport?.stop();
  pending.clear();
  synced = false;
  status.set('connecting', '');
  document.body.dataset.mode = mode;
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
  rateChart.update(rates.points());
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
    cell.style.setProperty('--shade', shadeOf(color));
    cell.setAttribute('aria-label', `${color} (cell ${i + 1})`);
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

function shown(action, color) {
  return mode === 'optimistic' ? pending.shown(server, action, color) : server.amount(action, color);
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
    for (const action of ACTIONS) charts[action].update(slices(server.palette, (color) => shown(action, color)));
  });
}

function showStatus(state, detail) {
  const pill = $('#status');
  pill.dataset.state = state;
  pill.querySelector('.label').textContent = state;
  pill.title = detail;
  $('#status-detail').textContent = detail;
}

function showNotice(text) {
  const notice = $('#notice');
  notice.textContent = text;
  notice.hidden = false;
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
setupModes();
setInterval(() => rateChart.update(rates.points()), 1000);
rateChart.update(rates.points());
loadTracker();
start();
