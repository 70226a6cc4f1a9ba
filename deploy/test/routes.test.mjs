// One routing table, four gateways: ./run.sh's gateway.mjs, nginx (compose, and the image in
// Kubernetes), the Kubernetes HTTPRoute, the ECS load balancer. Each is asked who serves a set of
// requests; all must answer alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { OVERLAYS, render, rootDir } from './schema.mjs';
import { terraform } from './terraform.mjs';
import { route as gatewayMjs } from '../../frontend/gateway.mjs';

const REQUESTS = [
  ['GET', '/'], ['GET', '/index.html'], ['GET', '/js/main.js'], ['GET', '/vendor/d3.min.js'], ['GET', '/config.json'],
  ['GET', '/tracker.js'], ['GET', '/heatmap.js'],
  ['POST', '/v1/events'], ['OPTIONS', '/v1/events'], ['GET', '/v1/events'], ['HEAD', '/v1/events'],
  ['GET', '/v1/events/cable'], ['GET', '/v1/live'], ['GET', '/v1/live/sse'],
  ['GET', '/v1/counts'], ['GET', '/v1/counts/series'], ['OPTIONS', '/v1/counts'],
  ['GET', '/v1/heatmap'], ['OPTIONS', '/v1/heatmap'],
  ['GET', '/v1/pointer'], ['POST', '/v1/pointer'], ['OPTIONS', '/v1/pointer'], ['GET', '/v1/live/cursors'],
  ['GET', '/v1/sessions'], ['GET', '/v1/sessions/abc'], ['DELETE', '/v1/sessions/abc'], ['OPTIONS', '/v1/sessions/abc'],
  ['GET', '/v1/keys'], ['POST', '/v1/keys'], ['DELETE', '/v1/keys/abc'],
];
const NAMES = { ingest: 'ingest-service', counter: 'counter-service', broadcast: 'broadcast-service' };

function fromGatewayMjs(method, pathname) {
  return NAMES[gatewayMjs(method, pathname)] ?? 'gateway';
}

// nginx: exact locations first, then the longest prefix; proxy_pass names a variable set from an
// upstream's environment variable, or $events_upstream, the method map
function nginxRouter() {
  const conf = fs.readFileSync(path.join(rootDir, 'frontend/nginx/default.conf.template'), 'utf8');
  const service = (variable) => NAMES[variable.replace(/^\$\{(\w+)_UPSTREAM\}$/, '$1').toLowerCase()];
  const methodMap = Object.fromEntries([...conf.match(/map \$request_method \$events_upstream \{([\s\S]*?)\n\}/)[1]
    .matchAll(/(\w+)\s+(\S+);/g)].map((m) => [m[1], service(m[2])]));
  const variables = Object.fromEntries([...conf.matchAll(/set \$(\w+) (\S+);/g)].map((m) => [`$${m[1]}`, service(m[2])]));
  const locations = [...conf.matchAll(/location (=\s+)?(\S+) \{([\s\S]*?)\n    \}/g)].map((m) => ({
    exact: Boolean(m[1]), path: m[2], upstream: m[3].match(/proxy_pass http:\/\/(\$\w+)/)?.[1] ?? null,
  }));
  return (method, pathname) => {
    const exact = locations.find((l) => l.exact && l.path === pathname);
    const prefix = locations.filter((l) => !l.exact && pathname.startsWith(l.path)).sort((a, b) => b.path.length - a.path.length)[0];
    const upstream = (exact ?? prefix)?.upstream;
    if (!upstream) return 'gateway';
    return upstream === '$events_upstream' ? methodMap[method] ?? methodMap.default : variables[upstream];
  };
}

// Gateway API: Exact beats PathPrefix, a longer prefix beats a shorter, a method match beats none
function httpRouteRouter(route) {
  const candidates = route.spec.rules.flatMap((rule) => rule.matches.map((match) => ({ match, backend: rule.backendRefs[0].name })));
  const prefixMatches = (prefix, pathname) => prefix === '/' || pathname === prefix || pathname.startsWith(`${prefix}/`);
  return (method, pathname) => {
    const matching = candidates.filter(({ match }) => (match.method ?? method) === method
      && (match.path.type === 'Exact' ? match.path.value === pathname : prefixMatches(match.path.value, pathname)));
    const rank = ({ match }) => [match.path.type === 'Exact' ? 1 : 0, match.path.value.length, match.method ? 1 : 0];
    matching.sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
    });
    return matching[0]?.backend ?? 'none';
  };
}

// ALB: rules by priority; path patterns are globs over the whole path; the default is the gateway
function albRouter(routes) {
  const glob = (pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const rules = Object.entries(routes).sort(([a], [b]) => Number(a) - Number(b)).map(([, rule]) => rule);
  return (method, pathname) => rules.find((rule) => (rule.method === null || rule.method === method)
    && rule.paths.some((pattern) => glob(pattern).test(pathname)))?.component ?? 'gateway';
}

test('gateway.mjs, nginx, the Kubernetes HTTPRoute and the ECS load balancer route every request alike', async () => {
  const routers = {
    nginx: nginxRouter(),
    ...Object.fromEntries(OVERLAYS.map((overlay) => [`httproute ${path.basename(overlay)}`,
      httpRouteRouter(render(overlay).find((o) => o.kind === 'HTTPRoute'))])),
    alb: albRouter((await terraform()).locals.routes),
  };
  for (const [method, pathname] of REQUESTS) {
    const expected = fromGatewayMjs(method, pathname);
    for (const [name, router] of Object.entries(routers)) {
      assert.equal(router(method, pathname), expected, `${name}: ${method} ${pathname}`);
    }
  }
});

test('the seed\'s two /v1/events routes: GET reads counts, POST ingests', () => {
  assert.equal(fromGatewayMjs('GET', '/v1/events'), 'counter-service');
  assert.equal(fromGatewayMjs('POST', '/v1/events'), 'ingest-service');
});
