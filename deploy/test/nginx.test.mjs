// The gateway's nginx configuration, filled in as the image's entrypoint does, through `nginx -t`
// (Debian's nginx; .ci/run installs it). The entrypoint of the nginx image fills a template only
// from variables that are set: 15-local-resolvers.envsh sets NGINX_LOCAL_RESOLVERS (from the
// container's /etc/resolv.conf) only when NGINX_ENTRYPOINT_LOCAL_RESOLVERS is set, and
// 20-envsubst-on-templates.sh replaces the defined variables and leaves any other one as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rootDir } from './schema.mjs';

const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));

/** The ENV of frontend/Dockerfile: what the container starts with. */
function imageEnvironment(dockerfile) {
  const env = {};
  const joined = dockerfile.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const match = line.match(/^ENV\s+(.*)$/);
    if (!match) continue;
    for (const pair of match[1].trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** The template as the image's entrypoint fills it from this environment (see the top). */
export function entrypointFill(template, environment) {
  const env = { ...environment };
  if (env.NGINX_ENTRYPOINT_LOCAL_RESOLVERS) env.NGINX_LOCAL_RESOLVERS = '127.0.0.1';
  return template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (written, braced, bare) => env[braced ?? bare] ?? written);
}

const image = imageEnvironment(fs.readFileSync(path.join(rootDir, 'frontend/Dockerfile'), 'utf8'));
// the services' addresses as a deployment sets them (here: local ports, so nginx -t needs no DNS)
const deployment = { ...image, INGEST_UPSTREAM: '127.0.0.1:8081', COUNTER_UPSTREAM: '127.0.0.1:8082',
  BROADCAST_UPSTREAM: '127.0.0.1:8083' };

function check(template) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-check-'));
  const filled = entrypointFill(template, deployment);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${filled}
}
`);
  const result = spawnSync(nginx, ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const template = fs.readFileSync(path.join(rootDir, 'frontend/nginx/default.conf.template'), 'utf8');

test('the image fills every variable of the template at start (the entrypoint leaves unset ones as written)', () => {
  const left = entrypointFill(template, image).match(/\$\{[A-Za-z_]+\}/g);
  assert.equal(left, null, `left unfilled, nginx would not start: ${left}`);
});

test('the gateway configuration passes nginx -t', { skip: !nginx && 'nginx is not installed' }, () => {
  const result = check(template);
  assert.equal(result.status, 0, result.stderr);
});

test('and nginx -t does fail on a broken one', { skip: !nginx && 'nginx is not installed' }, () => {
  const result = check(template.replace('proxy_pass http://$counter;', 'proxy_pass http://$counter'));
  assert.notEqual(result.status, 0);
});
