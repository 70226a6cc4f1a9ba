/*
 * Color Tracking heatmap overlay: where each area of this page was clicked, drawn over it. One
 * script tag, no dependencies; meant for the page's owner, not its visitors (load it on demand,
 * as frontend/example does for ?ct-heatmap=1).
 *
 *   <script src="https://ingest.example/tracker.js" data-api-key="KEY" async></script>
 *   <script src="https://ingest.example/heatmap.js" async></script>
 *
 * Every element marked data-ct-area="NAME" gets a canvas laid over it (clicks go through it) with
 * its all-time heatmap: GET /v1/heatmap?area=NAME&action=click&range=all, 32 × 32 bins over the
 * element's box, asked again every few seconds. Elements without data-ct-area are skipped (their
 * positions are relative to each tracked element, area "element", all of them in one heatmap). A
 * small legend (0 … the most clicks in one bin) has a button that closes it all.
 *
 * Attributes, on this tag or else on tracker.js's: data-api-key; data-counter, the base URL of
 * counter-service (default: the origin tracker.js came from, i.e. the gateway); data-action
 * (click or hover, default click); data-refresh-ms (default 5000, at least 1000). The key goes in
 * the query string, so the requests are "simple" CORS requests. window.ColorTrackingHeatmap:
 * {refresh(), close(), color(t)} (color: the scale, 0 to 1, as a CSS color).
 */
(function () {
  'use strict';
  // d3-scale-chromatic's inferno at 0, 1/8, … 1, interpolated in between: close enough to the
  // dashboard's d3.interpolateInferno, without shipping D3 into someone else's page
  var INFERNO = ['#000004', '#210c4a', '#57106e', '#8a226a', '#bc3754', '#e45a31', '#f98e09', '#f9cb35', '#fcffa4'];
  var FLOOR = 0.15; // one click is not drawn in near-black (as on the dashboard)
  var AREA = /^[a-z0-9][a-z0-9_-]{0,31}$/;
  var Z = 2147483000;
  var stops = INFERNO.map(function (hex) { return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); }); });

  function color(t) {
    t = Math.min(1, Math.max(0, t));
    var i = Math.min(stops.length - 2, Math.floor(t * (stops.length - 1)));
    var f = t * (stops.length - 1) - i;
    var c = [0, 1, 2].map(function (k) { return Math.round(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f); });
    return 'rgb(' + c.join(', ') + ')';
  }
  function scale(count, max) {
    return count > 0 && max > 0 ? FLOOR + (1 - FLOOR) * Math.min(1, count / max) : null;
  }

  var me = document.currentScript;
  var api = { color: color, refresh: refresh, close: close };
  if (window.ColorTrackingHeatmap) { return; }
  window.ColorTrackingHeatmap = api;
  if (!me) { return; }
  var tracker = document.querySelector('script[data-api-key][src*="tracker.js"]');
  var apiKey = attribute('data-api-key');
  if (!apiKey) { console.warn('[color-tracking] heatmap.js: no data-api-key on its tag or on tracker.js\'s'); return; }
  var counter = attribute('data-counter') || new URL((tracker || me).src, location.href).origin;
  var action = attribute('data-action') === 'hover' ? 'hover' : 'click';
  var refreshMs = Math.max(1000, parseInt(attribute('data-refresh-ms'), 10) || 5000);
  var overlays = []; // {element, name, canvas, bins, total, max, resolution, error}
  var layer, legend, rows, timer = null, closed = false, placing = false;

  function attribute(name) {
    return me.getAttribute(name) || (tracker && tracker.getAttribute(name)) || null;
  }

  function start() {
    layer = make('div', 'position:absolute;left:0;top:0;width:0;height:0;pointer-events:none;z-index:' + Z);
    legend = make('div', 'position:fixed;right:12px;bottom:12px;z-index:' + (Z + 1) + ';max-width:calc(100vw - 24px);' +
      'background:rgba(15,23,42,0.92);color:#e2e8f0;font:12px/1.4 system-ui,sans-serif;padding:8px 10px;border-radius:8px;' +
      'box-shadow:0 4px 16px rgba(0,0,0,0.3)');
    legend.setAttribute('data-ct-heatmap-legend', '');
    legend.setAttribute('role', 'region');
    legend.setAttribute('aria-label', 'Color Tracking heatmap');
    var title = make('div', 'display:flex;align-items:center;gap:12px;font-weight:600;margin-bottom:4px');
    title.appendChild(document.createTextNode('Color Tracking: ' + action + 's, all time'));
    var button = make('button', 'margin-left:auto;background:none;border:0;color:inherit;font-size:16px;line-height:1;cursor:pointer;padding:0 2px');
    button.type = 'button';
    button.textContent = '×';
    button.setAttribute('aria-label', 'Close the heatmap');
    button.setAttribute('data-ct-heatmap-close', '');
    button.addEventListener('click', close);
    title.appendChild(button);
    rows = make('div', '');
    legend.appendChild(title);
    legend.appendChild(rows);
    document.body.appendChild(layer);
    document.body.appendChild(legend);
    addEventListener('resize', place);
    addEventListener('scroll', place, true);
    refresh();
  }

  function make(tag, css) {
    var el = document.createElement(tag);
    el.style.cssText = css;
    return el;
  }

  // the page's areas now (elements may come and go); one request per name
  function scan() {
    var found = Array.prototype.slice.call(document.querySelectorAll('[data-ct-area]')).filter(function (el) {
      return AREA.test(el.getAttribute('data-ct-area'));
    });
    overlays = overlays.filter(function (o) {
      if (found.indexOf(o.element) >= 0 && o.element.getAttribute('data-ct-area') === o.name) { return true; }
      o.canvas.remove();
      return false;
    });
    found.forEach(function (el) {
      if (overlays.some(function (o) { return o.element === el; })) { return; }
      var canvas = make('canvas', 'position:absolute;pointer-events:none');
      canvas.setAttribute('data-ct-heatmap', el.getAttribute('data-ct-area'));
      canvas.setAttribute('aria-hidden', 'true');
      layer.appendChild(canvas);
      overlays.push({ element: el, name: el.getAttribute('data-ct-area'), canvas: canvas, bins: [], total: 0, max: 0, resolution: 32, error: null });
    });
  }

  function refresh() {
    if (closed) { return; }
    clearTimeout(timer);
    scan();
    var names = overlays.map(function (o) { return o.name; }).filter(function (n, i, all) { return all.indexOf(n) === i; });
    Promise.all(names.map(function (name) {
      var url = new URL('/v1/heatmap', counter);
      url.searchParams.set('area', name);
      url.searchParams.set('action', action);
      url.searchParams.set('range', 'all');
      url.searchParams.set('api_key', apiKey);
      return fetch(url.href, { credentials: 'omit', cache: 'no-store' }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) { throw new Error(body.detail || 'HTTP ' + response.status); }
          return { bins: body.bins || [], total: body.total || 0, max: body.max || 0, resolution: body.resolution || 32 };
        });
      }).then(function (heat) {
        overlays.forEach(function (o) { if (o.name === name) { Object.assign(o, heat, { error: null }); } });
      }, function (error) {
        overlays.forEach(function (o) { if (o.name === name) { o.error = error.message; } });
      });
    })).then(function () {
      if (closed) { return; }
      place();
      showLegend();
      timer = setTimeout(refresh, refreshMs);
    });
  }

  // each canvas over its element, in page coordinates, its pixels at the screen's density
  function place() {
    if (placing || closed) { return; }
    placing = true;
    requestAnimationFrame(function () {
      placing = false;
      overlays.forEach(draw);
    });
  }

  function draw(o) {
    var box = o.element.getBoundingClientRect();
    var canvas = o.canvas;
    canvas.style.left = (box.left + scrollX) + 'px';
    canvas.style.top = (box.top + scrollY) + 'px';
    canvas.style.width = box.width + 'px';
    canvas.style.height = box.height + 'px';
    canvas.setAttribute('data-total', String(o.total));
    canvas.setAttribute('data-max', String(o.max));
    canvas.setAttribute('data-bins', JSON.stringify(o.bins));
    var ratio = window.devicePixelRatio || 1;
    var width = Math.round(box.width * ratio);
    var height = Math.round(box.height * ratio);
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    var context = canvas.getContext('2d');
    context.clearRect(0, 0, width, height);
    // a light veil, so that the heat stands out and the page under it stays recognisable
    context.fillStyle = 'rgba(0, 0, 0, 0.35)';
    context.fillRect(0, 0, width, height);
    var n = o.resolution;
    o.bins.forEach(function (bin) {
      var t = scale(bin[2], o.max);
      if (t === null) { return; }
      context.globalAlpha = 0.8 + 0.2 * t;
      context.fillStyle = color(t);
      var x0 = Math.round(bin[0] * width / n);
      var y0 = Math.round(bin[1] * height / n);
      context.fillRect(x0, y0, Math.round((bin[0] + 1) * width / n) - x0, Math.round((bin[1] + 1) * height / n) - y0);
    });
  }

  function showLegend() {
    var seen = {};
    rows.replaceChildren();
    overlays.forEach(function (o) {
      if (seen[o.name]) { return; }
      seen[o.name] = true;
      var row = make('div', 'display:flex;align-items:center;gap:6px;white-space:nowrap');
      var label = make('span', 'min-width:4em');
      label.textContent = o.name;
      row.appendChild(label);
      if (o.error) {
        row.appendChild(document.createTextNode('unavailable: ' + o.error));
      } else {
        var bar = make('span', 'display:inline-block;width:96px;height:8px;border-radius:2px;background:linear-gradient(to right,' +
          [0, 0.25, 0.5, 0.75, 1].map(function (t) { return color(FLOOR + (1 - FLOOR) * t); }).join(',') + ')');
        row.appendChild(document.createTextNode('0'));
        row.appendChild(bar);
        row.appendChild(document.createTextNode(o.max + ' in a bin · ' + o.total + ' ' + action + 's'));
      }
      rows.appendChild(row);
    });
    if (overlays.length === 0) { rows.textContent = 'no element marked data-ct-area on this page'; }
  }

  function close() {
    closed = true;
    clearTimeout(timer);
    removeEventListener('resize', place);
    removeEventListener('scroll', place, true);
    if (layer) { layer.remove(); }
    if (legend) { legend.remove(); }
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
