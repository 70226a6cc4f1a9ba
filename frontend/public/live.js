// The minimal live page of the foundation: click or hover a color, watch the counts arrive over
// the WebSocket. The full dashboard replaces it.
const params = new URLSearchParams(location.search);
const apiKey = params.get('api_key') || 'demo';
const palette = ['blue', 'green', 'red', 'yellow'];
const counts = { click: {}, hover: {} };
const versions = { click: {}, hover: {} };

document.getElementById('key').textContent = apiKey;
const cells = document.getElementById('cells');
for (const color of palette) {
  const cell = document.createElement('button');
  cell.className = 'cell';
  cell.style.background = color;
  cell.textContent = color;
  cell.dataset.color = color;
  cell.addEventListener('click', () => send('click', color));
  cell.addEventListener('pointerenter', () => send('hover', color));
  cells.append(cell);
}

function send(action, color) {
  fetch('/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ id: crypto.randomUUID(), action, color }),
  }).catch(() => {});
}

function render() {
  const body = document.getElementById('counts');
  body.replaceChildren(...palette.map((color) => {
    const row = document.createElement('tr');
    row.innerHTML = `<td>${color}</td><td class="n" data-action="click" data-color="${color}">${counts.click[color] ?? 0}</td>`
      + `<td class="n" data-action="hover" data-color="${color}">${counts.hover[color] ?? 0}</td>`;
    return row;
  }));
}

function apply(action, color, amount, version) {
  if ((versions[action][color] ?? 0) >= version) return; // stale: never show a count going down
  versions[action][color] = version;
  counts[action][color] = amount;
}

function setStatus(state) {
  const status = document.getElementById('status');
  status.textContent = state;
  status.className = `status ${state}`;
}

let retry = 500;
function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/v1/live?api_key=${encodeURIComponent(apiKey)}`);
  socket.onmessage = (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'snapshot') {
      for (const action of ['click', 'hover']) {
        for (const [color, amount] of Object.entries(frame.counts[action])) {
          apply(action, color, amount, frame.versions[action][color]);
        }
      }
      setStatus('live');
      retry = 500;
    } else if (frame.type === 'update') {
      for (const change of frame.changes) apply(change.action, change.color, change.amount, change.version);
    }
    render();
  };
  socket.onclose = () => {
    setStatus('reconnecting');
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 10000);
  };
}
render();
connect();
