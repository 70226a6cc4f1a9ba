/*
 * Color Tracking tracker: one script tag, no dependencies.
 *
 *   <script src="https://ingest.example/tracker.js" data-api-key="KEY" async></script>
 *   <div data-ct-color="red">...</div>      (a click and a pointer entering it are counted)
 *   <main data-ct-area="swatches">...</main>  (optional: where in it, for heatmaps)
 *
 * Optional attributes: data-endpoint (default: /v1/events next to this script),
 * data-flush-ms (default 1000), data-click-flush-ms (how soon a click is sent; default: the
 * same), data-pointer="on" (pointer tracking, below, where the key allows it),
 * data-pointer-endpoint (default: /v1/pointer beside the events endpoint).
 * API: window.ColorTracking.track(action, color[, {area, x, y}]) (returns the
 * event's id), .flush(), .pointer ({state, session}, below). Window events: 'colortracking:queued' (detail: the event) when an event
 * is taken, 'colortracking:accepted' (detail: {ids}) when the server took events,
 * 'colortracking:refused' (detail: {events, status, reason}) when it refused events for good (bad
 * key, origin, invalid event); those are not sent again.
 *
 * Positions: a click or hover on a tracked element also carries where it happened, relative to
 * its area: the nearest element at or above it marked data-ct-area="NAME" (a-z, 0-9, _ and -, up
 * to 32 characters), else the tracked element itself (area "element"). x and y are fractions of
 * the area's box (0 = left/top, 1 = right/bottom), 4 decimals. Only the position is sent, never
 * content or text. A click from the keyboard has no position, so it carries neither area nor x/y.
 *
 * Events carry a generated id, so a retried or re-sent event is counted once. Requests are
 * "simple" CORS requests (text/plain body, key in the query string): no preflight. Unsent
 * events are kept in localStorage (one entry per page, adopted by the next load of the same key)
 * for up to 12 hours, well inside the server's 24 h window for recognising a re-sent id.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.ColorTracking) { return; }
  var apiKey = script.getAttribute('data-api-key');
  if (!apiKey) { console.warn('[color-tracking] data-api-key is missing on the script tag'); return; }
  var endpoint = new URL(script.getAttribute('data-endpoint') || '/v1/events', script.src || location.href);
  endpoint.searchParams.set('api_key', apiKey);
  var flushMs = delayOf('data-flush-ms', 1000);
  var clickFlushMs = delayOf('data-click-flush-ms', flushMs);
  var MAX_BATCH = 500;
  var MAX_BYTES = 60 * 1024; // keepalive fetch and sendBeacon refuse bodies over 64 KiB
  var MAX_KEPT = 5000;
  var MAX_AGE_MS = 12 * 3600 * 1000;
  var REQUEST_TIMEOUT_MS = 15000; // a request that never settles must not stop all sending
  var AREA = /^[a-z0-9][a-z0-9_-]{0,31}$/;
  var FINAL = { 400: true, 401: true, 403: true, 413: true, 415: true }; // sending again cannot help
  var prefix = 'colortracking.queue.' + apiKey + '.';
  var storageKey = prefix + Math.random().toString(36).slice(2);

  var queue = adopt();
  save(); // under this page's own entry, so a page closed before sending still leaves them
  var sending = false;
  var retryAt = 0;
  var backoffMs = 1000;
  var timer = null;
  var timerAt = 0;

  function delayOf(attribute, fallback) {
    var value = parseInt(script.getAttribute(attribute), 10);
    return isNaN(value) || value < 0 ? fallback : value;
  }

  // takes over what earlier pages of this key left unsent (a page still open may send some of
  // them too: same ids, counted once)
  function adopt() {
    var adopted = [];
    var oldest = Date.now() - MAX_AGE_MS;
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var name = localStorage.key(i);
        if (name && name.indexOf(prefix) === 0) {
          (JSON.parse(localStorage.getItem(name)) || []).forEach(function (e) {
            if (Date.parse(e.occurred_at) > oldest) { adopted.push(e); }
          });
          localStorage.removeItem(name);
        }
      }
    } catch (e) { /* storage unavailable */ }
    return adopted;
  }
  function save() {
    if (queue.length > MAX_KEPT) { queue = queue.slice(queue.length - MAX_KEPT); }
    try {
      if (queue.length === 0) { localStorage.removeItem(storageKey); } else { localStorage.setItem(storageKey, JSON.stringify(queue)); }
    } catch (e) { /* private mode or full */ }
  }
  // as many queued events as fit in one request
  function nextBatch() {
    var batch = [];
    var bytes = 16;
    for (var i = 0; i < queue.length && batch.length < MAX_BATCH; i++) {
      var size = JSON.stringify(queue[i]).length + 1;
      if (batch.length > 0 && bytes + size > MAX_BYTES) { break; }
      batch.push(queue[i]);
      bytes += size;
    }
    return batch;
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function track(action, color, position) {
    var event = { id: uuid(), action: action, color: color, occurred_at: new Date().toISOString(), page: location.href.slice(0, 512) };
    var detail = { id: event.id, action: action, color: color };
    var where = placeOf(position);
    for (var field in where) { event[field] = where[field]; detail[field] = where[field]; }
    queue.push(event);
    save();
    schedule(queue.length >= MAX_BATCH ? 0 : action === 'click' ? clickFlushMs : flushMs);
    announce('queued', detail);
    return event.id;
  }

  // {area, x, y} as the server takes it, or as much of it as is valid: the server refuses an event
  // with a bad area or coordinate, and a mis-named area must not cost the count itself
  function placeOf(position) {
    if (!position || typeof position.area !== 'string' || !AREA.test(position.area)) {
      if (position && position.area !== undefined) { warnOnce('area name "' + position.area + '" is not valid (a-z, 0-9, _ and -, up to 32 characters): sent without a position'); }
      return {};
    }
    var where = { area: position.area };
    if (typeof position.x === 'number' && typeof position.y === 'number' && isFinite(position.x) && isFinite(position.y)) {
      where.x = fraction(position.x);
      where.y = fraction(position.y);
    }
    return where;
  }
  function fraction(value) {
    return Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;
  }
  var warned = {};
  function warnOnce(text) {
    if (!warned[text]) { warned[text] = true; console.warn('[color-tracking] ' + text); }
  }

  function announce(name, detail) {
    try { dispatchEvent(new CustomEvent('colortracking:' + name, { detail: detail })); } catch (e) { /* very old browser */ }
  }

  // a flush at most `delay` from now (an earlier one already planned stands)
  function schedule(delay) {
    var wait = Math.max(delay, retryAt - Date.now(), 0);
    if (timer && timerAt <= Date.now() + wait) { return; }
    clearTimeout(timer);
    timerAt = Date.now() + wait;
    timer = setTimeout(function () { timer = null; flush(); }, wait);
  }

  function flush() {
    if (sending || queue.length === 0) { return; }
    if (Date.now() < retryAt) { schedule(0); return; }
    var batch = nextBatch();
    sending = true;
    var abort = window.AbortController ? new AbortController() : null;
    var deadline = setTimeout(function () { if (abort) { abort.abort(); } }, REQUEST_TIMEOUT_MS);
    fetch(endpoint.href, {
      method: 'POST', keepalive: true, credentials: 'omit', mode: 'cors',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ events: batch }),
      signal: abort ? abort.signal : undefined
    }).then(function (response) {
      clearTimeout(deadline);
      if (!response.ok && !FINAL[response.status]) {
        // 429, 503 and other 5xx, and anything unexpected (a proxy's 404 or 502): keep them, retry
        var after = parseFloat(response.headers.get('Retry-After'));
        retry(isNaN(after) ? backoffMs : Math.max(after * 1000, backoffMs));
        return;
      }
      drop(batch);
      backoffMs = 1000;
      // 400/401/403/413/415, or some events of an accepted batch: sending those again cannot
      // succeed; say why and let go of them
      return response.json().then(function (body) {
        var refused = response.ok ? (body.rejected || []).map(function (r) { return batch[r.index]; }).filter(Boolean) : batch;
        if (response.ok) { announceAccepted(batch, refused); }
        if (refused.length === 0) { return; }
        var reason = response.ok ? body.rejected[0].error : (body.detail || body.title || 'HTTP ' + response.status);
        console.warn('[color-tracking] ' + refused.length + ' event(s) refused (' + response.status + '): ' + reason);
        announce('refused', { events: refused, status: response.status, reason: reason });
      }, function () {
        if (response.ok) { announceAccepted(batch, []); } else { announce('refused', { events: batch, status: response.status, reason: 'HTTP ' + response.status }); }
      });
    }, function () {
      clearTimeout(deadline);
      retry(backoffMs); // offline, the network failed, or no answer in time: keep them
    }).then(next, next);
    function next() {
      sending = false;
      if (queue.length > 0) { schedule(Date.now() < retryAt ? 0 : flushMs); }
    }
  }

  function announceAccepted(batch, refused) {
    announce('accepted', { ids: batch.filter(function (e) { return refused.indexOf(e) < 0; }).map(function (e) { return e.id; }) });
  }

  function retry(waitMs) {
    retryAt = Date.now() + waitMs;
    backoffMs = Math.min(backoffMs * 2, 60000);
  }

  function drop(batch) {
    var sent = {};
    batch.forEach(function (e) { sent[e.id] = true; });
    queue = queue.filter(function (e) { return !sent[e.id]; });
    save();
  }

  // leaving the page: hand what is left to the browser; it stays stored and is sent again (same
  // ids, so counted once) on the next load, because a beacon's outcome is unknown
  function beacon() {
    if (queue.length === 0 || !navigator.sendBeacon) { return; }
    navigator.sendBeacon(endpoint.href, new Blob([JSON.stringify({ events: nextBatch() })], { type: 'text/plain' }));
  }
  addEventListener('pagehide', beacon);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { beacon(); } });

  function trackedOf(target) {
    return target && target.closest ? target.closest('[data-ct-color]') : null;
  }
  function colorOf(target) {
    var el = trackedOf(target);
    return el ? el.getAttribute('data-ct-color') : null;
  }
  // where a pointer was, relative to the tracked element's area; none when the area has no size
  function positionOf(el, e) {
    var area = el.closest('[data-ct-area]');
    var box = (area || el).getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) { return null; }
    return {
      area: area ? area.getAttribute('data-ct-area') : 'element',
      x: (e.clientX - box.left) / box.width,
      y: (e.clientY - box.top) / box.height
    };
  }
  document.addEventListener('click', function (e) {
    var el = trackedOf(e.target);
    if (!el) { return; }
    // detail 0: a click the keyboard (Enter, Space) or a script made, which has no pointer position
    track('click', el.getAttribute('data-ct-color'), e.detail === 0 ? null : positionOf(el, e));
  }, true);
  // Enter on a focused cell counts as a click; buttons, links and inputs fire a click of their own
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.repeat || !colorOf(e.target)) { return; }
    if (/^(BUTTON|A|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(e.target.tagName)) { return; }
    track('click', colorOf(e.target));
  }, true);
  // a hover is the pointer entering a tracked element (moving between its children is not; a
  // finger's tap is a click, not a hover)
  document.addEventListener('pointerover', function (e) {
    var el = trackedOf(e.target);
    if (el && e.pointerType !== 'touch' && trackedOf(e.relatedTarget) !== el) { track('hover', el.getAttribute('data-ct-color'), positionOf(el, e)); }
  }, true);

  var pointer = pointerTracking();
  window.ColorTracking = { track: track, flush: flush, pointer: pointer };
  if (queue.length > 0) { schedule(0); }

  /*
   * Pointer tracking (live cursors and session replay), off unless three things agree: the tag
   * says data-pointer="on", the key allows it (GET /v1/pointer, asked once per page view), and the
   * visitor sends neither Global Privacy Control nor Do Not Track (then nothing at all is asked or
   * sent). Recorded: where the pointer is, at most 10 times a second while it moves (nothing while
   * it is still), and where it clicked; as fractions of the box of the nearest data-ct-area
   * element under it, else of the viewport. Never keys, text or content. The session is a random
   * id of this page view only: never stored, never sent again by another page.
   * Chunks ({session, seq, page, viewport, samples}) go to POST /v1/pointer at most one a second
   * (the first at once when the pointer starts moving), the rest by sendBeacon when the page is left. ColorTracking.pointer tells the state ('off',
   * 'asking', 'on', 'stopped') and the session; window event 'colortracking:pointer' each change.
   */
  function pointerTracking() {
    var SAMPLE_MS = 100; // at most 10 samples a second
    var CHUNK_MS = 1000;
    var MAX_SAMPLES = 200; // per chunk, as the server takes them
    var MAX_CHUNK_BYTES = 32 * 1024;
    var MAX_BUFFERED = 3000; // while the server cannot take them: the oldest go first
    var api = { state: 'off', session: null, flush: function () {}, leave: function () {} };
    if (script.getAttribute('data-pointer') !== 'on') { return api; }
    var nav = window.navigator || {};
    if (nav.globalPrivacyControl || nav.doNotTrack === '1' || window.doNotTrack === '1') {
      api.reason = 'Global Privacy Control or Do Not Track';
      return api;
    }
    var target = new URL(script.getAttribute('data-pointer-endpoint') || 'pointer', endpoint.href);
    target.searchParams.set('api_key', apiKey);
    var clock = window.performance;
    var startedAt = 0;
    var lastT = 0;
    var lastSampleAt = -Infinity;
    var trailing = null; // the latest move not yet sampled, and its timer
    var buffer = [];
    var pending = null; // the chunk being sent or waiting to be sent again: {seq, body}
    var inFlight = false;
    var seq = 0;
    var pointerRetryAt = 0;
    var pointerBackoffMs = 1000;
    var lastSentAt = -Infinity;
    var sendTimer = null;

    function setState(state) {
      api.state = state;
      announce('pointer', { state: state, session: api.session });
    }
    function now() {
      var t = Math.round(clock.now() - startedAt);
      lastT = Math.max(lastT, t); // never going back
      return lastT;
    }
    // [area, x, y]: the nearest data-ct-area element under the pointer, else the viewport
    function placeOfPointer(e) {
      var area = e.target && e.target.closest ? e.target.closest('[data-ct-area]') : null;
      if (area) {
        var name = area.getAttribute('data-ct-area');
        var box = area.getBoundingClientRect();
        if (!AREA.test(name)) {
          warnOnce('area name "' + name + '" is not valid (a-z, 0-9, _ and -, up to 32 characters): pointer positions there are relative to the viewport');
        } else if (box.width > 0 && box.height > 0) {
          return [name, fraction((e.clientX - box.left) / box.width), fraction((e.clientY - box.top) / box.height)];
        }
      }
      var w = window.innerWidth;
      var h = window.innerHeight;
      if (!(w > 0 && h > 0)) { return null; }
      return ['viewport', fraction(e.clientX / w), fraction(e.clientY / h)];
    }
    function record(e, kind) {
      var place = placeOfPointer(e);
      if (!place) { return; }
      buffer.push([now(), place[0], place[1], place[2], kind]);
      if (buffer.length > MAX_BUFFERED) { buffer.splice(0, buffer.length - MAX_BUFFERED); }
      soon();
    }
    // a chunk at once when none went out in the last second (a pointer that starts moving is seen
    // live at once), else when that second is over, or when the server asked to wait
    function soon() {
      if (sendTimer || api.state !== 'on') { return; }
      var wait = Math.max(0, lastSentAt + CHUNK_MS - Date.now(), pointerRetryAt - Date.now());
      sendTimer = setTimeout(function () { sendTimer = null; send(); }, wait);
    }
    function move(e) {
      var at = clock.now();
      if (at - lastSampleAt >= SAMPLE_MS) {
        clearTrailing();
        lastSampleAt = at;
        record(e, 'm');
        return;
      }
      // too soon: the latest move is sampled when its turn comes, so where the pointer stopped is known
      var snapshot = { target: e.target, clientX: e.clientX, clientY: e.clientY };
      if (trailing) { trailing.e = snapshot; return; }
      trailing = { e: snapshot, timer: setTimeout(function () {
        var last = trailing.e;
        trailing = null;
        lastSampleAt = clock.now();
        record(last, 'm');
      }, Math.max(0, SAMPLE_MS - (at - lastSampleAt))) };
    }
    function clearTrailing() {
      if (trailing) { clearTimeout(trailing.timer); trailing = null; }
    }
    function click(e) {
      if (e.detail === 0) { return; } // the keyboard's or a script's: no pointer
      clearTrailing();
      lastSampleAt = clock.now();
      record(e, 'c');
    }
    // the next chunk: as many buffered samples as fit, under a new seq
    function takeChunk() {
      var samples = [];
      var bytes = 200 + location.href.length;
      while (buffer.length > 0 && samples.length < MAX_SAMPLES) {
        var size = JSON.stringify(buffer[0]).length + 1;
        if (samples.length > 0 && bytes + size > MAX_CHUNK_BYTES) { break; }
        samples.push(buffer.shift());
        bytes += size;
      }
      var n = seq++;
      return {
        seq: n,
        body: JSON.stringify({
          session: api.session, seq: n, page: (location.origin + location.pathname).slice(0, 512), // never the query: it may name the visitor
          viewport: { w: window.innerWidth, h: window.innerHeight }, samples: samples
        })
      };
    }
    function send() {
      if (api.state !== 'on' || inFlight || Date.now() < pointerRetryAt) { return; }
      if (!pending) {
        if (buffer.length === 0) { return; }
        pending = takeChunk();
      }
      var chunk = pending;
      inFlight = true;
      lastSentAt = Date.now();
      var abort = window.AbortController ? new AbortController() : null;
      var deadline = setTimeout(function () { if (abort) { abort.abort(); } }, REQUEST_TIMEOUT_MS);
      fetch(target.href, {
        method: 'POST', keepalive: true, credentials: 'omit', mode: 'cors',
        headers: { 'Content-Type': 'text/plain' }, body: chunk.body,
        signal: abort ? abort.signal : undefined
      }).then(function (response) {
        clearTimeout(deadline);
        inFlight = false;
        if (response.ok) {
          pending = null;
          pointerBackoffMs = 1000;
          if (buffer.length >= MAX_SAMPLES) { send(); } else if (buffer.length > 0) { soon(); } // a backlog goes at once
        } else if (response.status === 401 || response.status === 403) {
          console.warn('[color-tracking] pointer tracking stopped: the key does not allow it (' + response.status + ')');
          stop();
        } else if (response.status === 400 || response.status === 413 || response.status === 415) {
          warnOnce('a pointer chunk was refused (' + response.status + '): dropped');
          pending = null;
          if (buffer.length > 0) { soon(); }
        } else {
          // 429, 503, anything unexpected: the same chunk again, later
          var after = parseFloat(response.headers.get('Retry-After'));
          pointerRetry(isNaN(after) ? pointerBackoffMs : Math.max(after * 1000, pointerBackoffMs));
        }
      }, function () {
        clearTimeout(deadline);
        inFlight = false;
        pointerRetry(pointerBackoffMs);
      });
    }
    function pointerRetry(waitMs) {
      pointerRetryAt = Date.now() + waitMs;
      pointerBackoffMs = Math.min(pointerBackoffMs * 2, 60000);
      soon();
    }
    // leaving (or hiding) the page: what is left goes by beacon, whose answer nobody sees
    function leave() {
      if (api.state !== 'on' || !navigator.sendBeacon) { return; }
      if (trailing) { record(trailing.e, 'm'); } // where the pointer last was
      clearTrailing();
      var chunks = [];
      if (pending && !inFlight) { chunks.push(pending); pending = null; }
      while (buffer.length > 0) { chunks.push(takeChunk()); }
      chunks.forEach(function (chunk) {
        navigator.sendBeacon(target.href, new Blob([chunk.body], { type: 'text/plain' }));
      });
    }
    function stop() {
      clearTrailing();
      clearTimeout(sendTimer);
      buffer = [];
      pending = null;
      document.removeEventListener('pointermove', move, true);
      document.removeEventListener('click', click, true);
      setState('stopped');
    }
    function start() {
      api.session = uuid();
      startedAt = clock.now();
      document.addEventListener('pointermove', move, true);
      document.addEventListener('click', click, true);
      addEventListener('pagehide', leave);
      document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { leave(); } });
      setState('on');
    }
    api.flush = send;
    api.leave = leave;
    setState('asking');
    fetch(target.href, { method: 'GET', credentials: 'omit', mode: 'cors', cache: 'no-store' }).then(function (response) {
      return response.ok ? response.json() : { pointer_tracking: false };
    }).then(function (body) {
      if (body && body.pointer_tracking === true) { start(); } else { setState('off'); }
    }, function () { setState('off'); });
    return api;
  }
})();
