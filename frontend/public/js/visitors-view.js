// The Visitors view, behind the key's read token: who is on the key's pages now and their pointers
// moving live (over the grid for the area "grid", in small boxes for any other area or the
// viewport), the recorded sessions (GET /v1/sessions), and the replay of one of them (its trail on a
// canvas over the grid, or in a box for other areas; play/pause, 1× or 4×, a scrub slider, click
// marks) with a delete button.
//
// The read token is typed in once and kept in sessionStorage (this tab only; never in the URL or a
// link); "forget" drops it; a 401 or a 4401 drops it too and asks again.
// For tests: #visitors carries data-live (live, connecting, reconnecting, offline, off) and
// data-token (set, missing); every drawn cursor is a .cursor with data-session, data-area, data-x,
// data-y; #replay carries data-session, data-state (loading, ready, error), data-t, data-duration,
// data-area and data-trail ([[x, y, kind], …] drawn up to data-t in that area).
import { ConnectionStatus, SocketTransport } from './connection.js';
import {
  GRID_AREA, LiveCursors, Player, SPEEDS, Timeline, clockOf, cursorsProtocols, cursorsUrl, pageLabel, sessionsUrl, tokens,
} from './visitors.js';

const LIST_LIMIT = 50;
const WRONG_TOKEN = 'the read token is wrong';

export class VisitorsView {
  /**
   * `elements`: {toggle, panel, tokenForm, tokenInput, tokenMessage, tokenSet, forget, live, presence,
   * elsewhere, cursors, sessions, refresh, replay, replayTitle, play, speed, scrub, time, area, box,
   * trail, remove, close}.
   */
  constructor({ elements, apiKey, counterBase, broadcastBase, storage = globalThis.sessionStorage, fetchImpl = globalThis.fetch.bind(globalThis) }) {
    Object.assign(this, { el: elements, apiKey, counterBase, broadcastBase, storage, fetchImpl });
    this.on = false;
    this.token = null;
    this.socket = null;
    this.live = new LiveCursors();
    this.replaying = null; // {session, detail, timeline, player, area}
    this.frameRequest = null;
    this.listSequence = 0;
  }

  setup(params) {
    const { el } = this;
    this.on = params.get('visitors') === '1';
    this.token = tokens.get(this.storage, this.apiKey);
    el.toggle.checked = this.on;
    el.toggle.addEventListener('change', () => {
      this.on = el.toggle.checked;
      const url = new URL(location.href);
      if (this.on) url.searchParams.set('visitors', '1');
      else url.searchParams.delete('visitors');
      history.replaceState(null, '', url);
      this.apply();
    });
    el.tokenForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = el.tokenInput.value.trim();
      if (!token) return;
      el.tokenInput.value = '';
      this.token = token;
      tokens.set(this.storage, this.apiKey, token);
      el.tokenMessage.textContent = '';
      this.apply();
    });
    el.forget.addEventListener('click', () => this.forget(''));
    el.refresh.addEventListener('click', () => this.loadSessions());
    el.play.addEventListener('click', () => this.togglePlay());
    el.speed.addEventListener('click', () => {
      if (!this.replaying) return;
      const { player } = this.replaying;
      player.setSpeed(SPEEDS[(SPEEDS.indexOf(player.speed) + 1) % SPEEDS.length]);
      this.showReplay();
    });
    el.scrub.addEventListener('input', () => {
      if (!this.replaying) return;
      this.replaying.player.seek(Number(el.scrub.value));
      this.showReplay();
    });
    el.area.addEventListener('change', () => {
      if (!this.replaying) return;
      this.replaying.area = el.area.value;
      this.showReplay();
    });
    el.remove.addEventListener('click', () => this.deleteSession());
    el.close.addEventListener('click', () => this.closeReplay());
    new ResizeObserver(() => this.drawReplay()).observe(el.trail.parentElement);
    this.apply();
  }

  /** Shows what the state asks for: nothing (off), the token form, or the live view and the list. */
  apply() {
    const { el } = this;
    const unlocked = this.on && Boolean(this.token);
    el.panel.hidden = !this.on;
    el.tokenForm.hidden = !this.on || unlocked;
    el.tokenSet.hidden = !unlocked;
    el.cursors.hidden = !unlocked;
    el.panel.dataset.token = this.token ? 'set' : 'missing';
    if (unlocked) {
      this.connect();
      this.loadSessions();
    } else {
      this.disconnect();
      this.closeReplay();
      el.sessions.replaceChildren();
      if (this.on) el.tokenInput.focus({ preventScroll: true });
    }
  }

  /** Drops the token (a button, or the server said it is wrong) and asks for it again. */
  forget(why) {
    this.token = null;
    tokens.forget(this.storage, this.apiKey);
    this.el.tokenMessage.textContent = why;
    this.apply();
  }

  connect() {
    if (this.socket) return;
    this.live.clear();
    this.render();
    this.showLive('connecting', '');
    this.socket = new SocketTransport({
      url: cursorsUrl(this.broadcastBase, this.apiKey, location),
      protocols: cursorsProtocols(this.token), // the token as a subprotocol: never in an address
      status: new ConnectionStatus((state, detail) => this.showLive(state, detail)),
      snapshotType: 'presence',
      onSnapshot: (frame) => this.frame(frame),
      onFrame: (frame) => this.frame(frame),
      onRefused: (code) => {
        this.socket = null;
        if (code === 4401) this.forget(WRONG_TOKEN);
      },
    });
    this.socket.start();
  }

  disconnect() {
    this.socket?.stop();
    this.socket = null;
    this.live.clear();
    this.render();
    this.showLive('off', '');
  }

  frame(frame) {
    const { listChanged, moved } = this.live.apply(frame);
    if (listChanged || moved.length > 0) this.render();
  }

  showLive(state, detail) {
    this.el.panel.dataset.live = state;
    this.el.live.textContent = { live: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…', offline: 'offline', off: '' }[state] ?? state;
    this.el.live.title = detail;
  }

  /** Who is here and where their cursors are: the grid's over the grid, the others in small boxes. */
  render() {
    const { el } = this;
    const own = globalThis.ColorTracking?.pointer?.session; // this window's own pointer is not drawn
    const visitors = this.live.list();
    el.presence.replaceChildren(...visitors.map((visitor) => {
      const item = document.createElement('li');
      item.dataset.session = visitor.session;
      const swatch = document.createElement('span');
      swatch.className = 'visitor-swatch';
      swatch.style.setProperty('--hue', hueOf(visitor.session));
      const page = document.createElement('span');
      page.className = 'visitor-page';
      page.textContent = pageLabel(visitor.page);
      page.title = visitor.page ?? '';
      const since = document.createElement('span');
      since.className = 'visitor-since';
      since.textContent = visitor.since ? `since ${new Date(visitor.since).toLocaleTimeString('en')}` : '';
      item.append(swatch, page, since);
      if (visitor.session === own) item.append(' (this window)');
      return item;
    }));
    if (visitors.length === 0) el.presence.append(Object.assign(document.createElement('li'), { className: 'empty', textContent: 'nobody right now' }));

    const moving = visitors.filter((v) => v.position && v.session !== own);
    this.reconcile(el.cursors, moving.filter((v) => v.position.area === GRID_AREA), (visitor) => cursorElement(visitor));
    this.reconcile(el.elsewhere, moving.filter((v) => v.position.area !== GRID_AREA), (visitor) => {
      const item = document.createElement('div');
      item.className = 'elsewhere-item';
      const label = document.createElement('span');
      label.className = 'elsewhere-label';
      const box = document.createElement('div');
      box.className = 'mini';
      box.append(cursorElement(visitor));
      item.append(box, label);
      return item;
    }, (item, visitor) => {
      item.querySelector('.elsewhere-label').textContent = `${visitor.position.area} · ${pageLabel(visitor.page)}`;
      item.querySelector('.mini').dataset.area = visitor.position.area;
    });
    el.elsewhere.hidden = el.elsewhere.childElementCount === 0;
  }

  /** One child per visitor in `parent` (by data-for), made once and then only moved. */
  reconcile(parent, visitors, make, update = () => {}) {
    const wanted = new Map(visitors.map((v) => [v.session, v]));
    for (const child of [...parent.children]) if (!wanted.has(child.dataset.for)) child.remove();
    for (const visitor of visitors) {
      let child = [...parent.children].find((c) => c.dataset.for === visitor.session);
      if (!child) {
        child = make(visitor);
        child.dataset.for = visitor.session;
        parent.append(child);
      }
      update(child, visitor);
      const cursor = child.classList.contains('cursor') ? child : child.querySelector('.cursor');
      placeCursor(cursor, visitor.position);
    }
  }

  /** With the token in a header; a 401 means the token is wrong: it is dropped and asked again. */
  async authorized(url, options = {}) {
    const token = this.token;
    const response = await this.fetchImpl(url, {
      ...options, cache: 'no-store', signal: AbortSignal.timeout(10000), headers: { Authorization: `Bearer ${token}` },
    });
    if (response.status === 401) {
      if (this.token === token) this.forget(WRONG_TOKEN);
      throw new Error(WRONG_TOKEN);
    }
    if (!response.ok && response.status !== 204) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || `${options.method ?? 'GET'} answered ${response.status}`);
    }
    return response;
  }

  async loadSessions() {
    if (!this.token) return;
    const sequence = ++this.listSequence;
    const { el } = this;
    el.sessions.dataset.state = 'loading';
    try {
      const response = await this.authorized(sessionsUrl(this.counterBase || location.origin, this.apiKey, { limit: LIST_LIMIT }));
      const { sessions = [] } = await response.json();
      if (sequence !== this.listSequence) return;
      el.sessions.replaceChildren(...sessions.map((session) => this.sessionRow(session)));
      if (sessions.length === 0) el.sessions.append(Object.assign(document.createElement('li'), { className: 'empty', textContent: 'no recorded sessions in this range' }));
      el.sessions.dataset.state = 'ready';
    } catch (error) {
      if (sequence !== this.listSequence) return;
      el.sessions.dataset.state = 'error';
      el.sessions.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: `sessions unavailable: ${error.message}` }));
    }
  }

  sessionRow({ session, page, started_at: startedAt, ended_at: endedAt, samples, clicks }) {
    const item = document.createElement('li');
    item.dataset.session = session;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'session-open';
    const title = document.createElement('span');
    title.className = 'session-page';
    title.textContent = pageLabel(page);
    const facts = document.createElement('span');
    facts.className = 'session-facts';
    const started = new Date(startedAt);
    const length = clockOf(Date.parse(endedAt) - Date.parse(startedAt));
    facts.textContent = `${started.toLocaleString('en', { dateStyle: 'short', timeStyle: 'medium' })} · ${length} · ${samples} samples · ${clicks} clicks`;
    button.append(title, facts);
    button.addEventListener('click', () => this.openReplay(session));
    item.append(button);
    return item;
  }

  async openReplay(session) {
    const { el } = this;
    this.closeReplay();
    el.replay.hidden = false;
    el.replay.dataset.session = session;
    el.replay.dataset.state = 'loading';
    el.replayTitle.textContent = 'loading…';
    try {
      const response = await this.authorized(sessionsUrl(this.counterBase || location.origin, this.apiKey, { session }));
      const detail = await response.json();
      if (el.replay.dataset.session !== session) return;
      const timeline = new Timeline(detail.samples);
      const areas = timeline.areas();
      this.replaying = { session, detail, timeline, player: new Player(timeline.duration), area: areas.includes(GRID_AREA) ? GRID_AREA : areas[0] ?? GRID_AREA };
      el.area.replaceChildren(...(areas.length ? areas : [GRID_AREA]).map((area) => new Option(area === 'viewport' ? 'the whole viewport' : area, area)));
      el.area.value = this.replaying.area;
      el.scrub.max = String(timeline.duration);
      el.replayTitle.textContent = `${pageLabel(detail.page)} · ${new Date(detail.started_at).toLocaleString('en', { dateStyle: 'short', timeStyle: 'medium' })}`;
      el.replay.dataset.state = 'ready';
      this.replaying.player.seek(timeline.duration); // the whole trail first; play runs it from the start
      this.showReplay();
    } catch (error) {
      if (el.replay.dataset.session !== session) return;
      el.replay.dataset.state = 'error';
      el.replayTitle.textContent = `replay unavailable: ${error.message}`;
    }
  }

  closeReplay() {
    const { el } = this;
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = null;
    this.replaying = null;
    el.replay.hidden = true;
    el.trail.hidden = true;
    delete el.replay.dataset.session;
    el.replay.dataset.state = 'closed';
  }

  togglePlay() {
    if (!this.replaying) return;
    const { player } = this.replaying;
    if (player.playing) player.pause();
    else player.play();
    this.showReplay();
    if (player.playing) this.tick();
  }

  tick() {
    let last = performance.now();
    const step = (now) => {
      if (!this.replaying?.player.playing) return;
      this.replaying.player.advance(now - last);
      last = now;
      this.showReplay();
      this.frameRequest = requestAnimationFrame(step);
    };
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = requestAnimationFrame(step);
  }

  showReplay() {
    if (!this.replaying) return;
    const { el } = this;
    const { player } = this.replaying;
    el.play.textContent = player.playing ? 'Pause' : 'Play';
    el.play.setAttribute('aria-pressed', String(player.playing));
    el.speed.textContent = `${player.speed}×`;
    el.scrub.value = String(Math.round(player.t));
    el.time.textContent = `${clockOf(player.t)} / ${clockOf(player.duration)}`;
    this.drawReplay();
  }

  /** The trail up to the player's time, its clicks, and the pointer, on the grid's canvas or in the box. */
  drawReplay() {
    if (!this.replaying) return;
    const { el } = this;
    const { timeline, player, area, detail } = this.replaying;
    const overGrid = area === GRID_AREA;
    el.trail.hidden = !overGrid;
    el.box.hidden = overGrid;
    const canvas = overGrid ? el.trail : el.box;
    if (!overGrid) {
      const { w, h } = detail.viewport ?? {};
      el.box.style.aspectRatio = area === 'viewport' && w > 0 && h > 0 ? `${w} / ${h}` : '16 / 10';
    }
    const trail = timeline.trail(player.t, area);
    const now = timeline.at(player.t);
    Object.assign(el.replay.dataset, { t: Math.round(player.t), duration: player.duration, area, trail: JSON.stringify(trail) });

    const box = canvas.getBoundingClientRect();
    const ratio = globalThis.devicePixelRatio || 1;
    const width = Math.round(box.width * ratio);
    const height = Math.round(box.height * ratio);
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    const context = canvas.getContext('2d');
    context.clearRect(0, 0, width, height);
    if (!overGrid) {
      context.fillStyle = 'rgb(15 23 42 / 0.9)';
      context.fillRect(0, 0, width, height);
    }
    context.lineWidth = 2 * ratio;
    context.lineJoin = 'round';
    context.strokeStyle = 'rgb(56 189 248 / 0.85)';
    context.beginPath();
    trail.forEach(([x, y], i) => (i === 0 ? context.moveTo(x * width, y * height) : context.lineTo(x * width, y * height)));
    context.stroke();
    context.fillStyle = 'rgb(250 204 21 / 0.9)';
    context.strokeStyle = 'rgb(15 23 42)';
    for (const [x, y, kind] of trail) {
      if (kind !== 'c') continue;
      context.beginPath();
      context.arc(x * width, y * height, 6 * ratio, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
    if (now && now.area === area) {
      context.fillStyle = '#fff';
      context.beginPath();
      context.arc(now.x * width, now.y * height, 5 * ratio, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
  }

  async deleteSession() {
    if (!this.replaying) return;
    const { session } = this.replaying;
    if (!confirm('Delete this recorded session for good?')) return;
    try {
      await this.authorized(sessionsUrl(this.counterBase || location.origin, this.apiKey, { session }), { method: 'DELETE' });
      this.closeReplay();
      this.loadSessions();
    } catch (error) {
      this.el.replayTitle.textContent = `could not delete: ${error.message}`;
    }
  }
}

/** A stable hue per session, so a visitor keeps one color in every list and box. */
function hueOf(session) {
  let hash = 0;
  for (const char of session) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return String(hash % 360);
}

function cursorElement(visitor) {
  const cursor = document.createElement('span');
  cursor.className = 'cursor';
  cursor.dataset.session = visitor.session;
  cursor.style.setProperty('--hue', hueOf(visitor.session));
  cursor.title = pageLabel(visitor.page);
  return cursor;
}

/** Moves a cursor; the CSS transition (150 ms) glides it between frames. */
function placeCursor(cursor, { area, x, y }) {
  Object.assign(cursor.dataset, { area, x: String(x), y: String(y) });
  cursor.style.left = `${x * 100}%`;
  cursor.style.top = `${y * 100}%`;
}
