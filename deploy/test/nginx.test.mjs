// The gateway's nginx configuration, filled in as the image's entrypoint does, through `nginx -t`
// (Debian's nginx; .ci/run installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rootDir } from './schema.mjs';

const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));

function check(template) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-check-'));
  const filled = template.replace(/\$\{(INGEST|COUNTER|BROADCAST)_UPSTREAM\}/g,
    (_, name) => `127.0.0.1:${{ INGEST: 8081, COUNTER: 8082, BROADCAST: 8083 }[name]}`)
    .replace('${NGINX_LOCAL_RESOLVERS}', '127.0.0.1');
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

test('the gateway configuration passes nginx -t', { skip: !nginx && 'nginx is not installed' }, () => {
  const result = check(template);
  assert.equal(result.status, 0, result.stderr);
});

test('and nginx -t does fail on a broken one', { skip: !nginx && 'nginx is not installed' }, () => {
  const result = check(template.replace('proxy_pass http://$counter;', 'proxy_pass http://$counter'));
  assert.notEqual(result.status, 0);
});
