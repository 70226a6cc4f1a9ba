import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { OVERLAYS, deployDir, render, rootDir } from './schema.mjs';

const read = (file) => fs.readFileSync(path.join(deployDir, file), 'utf8');
const dashboard = JSON.parse(read('kubernetes/components/monitoring/dashboards/colortracking.json'));
const alerts = YAML.parse(read('observability/prometheus/alerts.yml'));
const compose = YAML.parse(fs.readFileSync(path.join(rootDir, 'docker-compose.yml'), 'utf8'));
const prod = render(OVERLAYS.find((o) => path.basename(o) === 'prod'));

describe('observability', () => {
  test('Kubernetes and compose alert on the same rules', () => {
    const rule = prod.find((o) => o.kind === 'PrometheusRule');
    assert.deepEqual(rule.spec, alerts);
  });

  test('there is an alert for consumer lag, dead letters, 503s and stuck-client closes', () => {
    const rules = alerts.groups.flatMap((group) => group.rules);
    for (const rule of rules) {
      assert.ok(rule.alert && rule.expr && rule.labels?.severity && rule.annotations?.summary, JSON.stringify(rule));
    }
    const expressions = rules.map((rule) => rule.expr).join('\n');
    for (const watched of ['colortracking_counter_consumer_lag', 'colortracking_counter_dlq_records_total',
      'status="503"', 'colortracking_broadcast_closes_total{reason="stuck"}']) {
      assert.ok(expressions.includes(watched), watched);
    }
  });

  test('the dashboard queries Prometheus in every panel, and Grafana in Kubernetes finds it', () => {
    assert.equal(dashboard.uid, 'colortracking');
    assert.ok(dashboard.panels.length >= 10);
    for (const panel of dashboard.panels) {
      assert.ok(panel.targets.length > 0 && panel.targets.every((target) => target.expr?.length > 0), panel.title);
      assert.equal(panel.datasource.uid, '${datasource}', panel.title);
    }
    const map = prod.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'colortracking-dashboard');
    assert.equal(map.metadata.labels.grafana_dashboard, '1');
    assert.deepEqual(JSON.parse(map.data['colortracking.json']), dashboard);
  });

  test('compose: an observability profile whose parts point at each other', () => {
    const profile = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('observability'));
    assert.deepEqual(profile.map(([name]) => name).sort(), ['grafana', 'jaeger', 'otel-collector', 'prometheus']);
    for (const [, service] of profile) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        assert.ok(fs.existsSync(path.join(rootDir, source)), source);
      }
    }
    // the services send their traces to the collector, which listens where they send
    const collector = YAML.parse(read('observability/otel-collector/config.yaml'));
    assert.equal(collector.receivers.otlp.protocols.grpc.endpoint, '0.0.0.0:4317');
    assert.ok(collector.service.pipelines.traces.exporters.every((name) => collector.exporters[name]));
    const scrape = YAML.parse(read('observability/prometheus/prometheus.yml'));
    assert.deepEqual(scrape.rule_files, ['/etc/prometheus/alerts.yml']);
    for (const [name, port] of [['ingest-service', 8081], ['counter-service', 8082], ['broadcast-service', 8083]]) {
      const environment = compose.services[name].environment;
      assert.equal(environment.QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT, 'http://otel-collector:4317', name);
      const job = scrape.scrape_configs.find((config) => config.job_name === name);
      assert.equal(job.metrics_path, '/q/metrics');
      assert.deepEqual(job.static_configs[0].targets, [`${name}:${port}`]);
    }
    const provider = YAML.parse(read('observability/grafana/provisioning/dashboards/dashboards.yaml')).providers[0];
    assert.ok(compose.services.grafana.volumes.some((volume) => volume.endsWith(`:${provider.options.path}:ro`)));
  });
});
