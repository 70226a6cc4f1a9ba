import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { OVERLAYS, problemsOf, render } from './schema.mjs';

for (const overlay of OVERLAYS) {
  describe(`kubernetes overlay ${path.basename(overlay)}`, () => {
    const objects = render(overlay);

    test('renders with kubectl kustomize, and every object passes the strict schema check', async () => {
      assert.ok(objects.length > 20, `${objects.length} objects`);
      const problems = (await Promise.all(objects.map(problemsOf))).flat();
      assert.deepEqual(problems, []);
    });

    test('every container runs as non-root, read-only, without privilege escalation, with limits and probes', () => {
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        const pod = deployment.spec.template.spec;
        assert.equal(pod.securityContext.runAsNonRoot, true, deployment.metadata.name);
        for (const container of pod.containers) {
          const name = `${deployment.metadata.name}/${container.name}`;
          assert.equal(container.securityContext.readOnlyRootFilesystem, true, name);
          assert.equal(container.securityContext.allowPrivilegeEscalation, false, name);
          assert.ok(container.resources.requests && container.resources.limits?.memory, name);
          assert.ok(container.readinessProbe && container.livenessProbe, name);
        }
      }
    });

    test('ingest and broadcast autoscale; every Deployment has a disruption budget', () => {
      const scaled = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.spec.scaleTargetRef.name).sort();
      assert.deepEqual(scaled, ['broadcast-service', 'ingest-service']);
      const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name).sort();
      const deployments = objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort();
      assert.deepEqual(budgets, deployments);
    });

    test('Kafka for Strimzi 1.0 and newer: v1 only, a Kafka version Strimzi 1.0 to 1.2 support, broker metrics and Kafka Exporter', () => {
      const strimzi = objects.filter((o) => o.apiVersion.startsWith('kafka.strimzi.io/'));
      assert.ok(strimzi.length >= 7, `${strimzi.length} Strimzi objects`);
      for (const object of strimzi) assert.equal(object.apiVersion, 'kafka.strimzi.io/v1', `${object.kind} ${object.metadata.name}`);
      const kafka = strimzi.find((o) => o.kind === 'Kafka');
      // KRaft and node pools are the only mode of v1: the old switches are gone
      assert.deepEqual(Object.keys(kafka.metadata.annotations ?? {}).filter((a) => a.startsWith('strimzi.io/')), []);
      assert.ok(['4.2.0'].includes(kafka.spec.kafka.version), kafka.spec.kafka.version);
      assert.equal(kafka.spec.kafka.metricsConfig.type, 'strimziMetricsReporter');
      assert.ok(kafka.spec.kafka.metricsConfig.values.allowList.length > 0);
      assert.ok(kafka.spec.kafkaExporter, 'Kafka Exporter (consumer lag)');
      assert.ok(new RegExp(kafka.spec.kafkaExporter.topicRegex).test('click_on_colors'));
    });

    test('secrets are referenced, never written, except the dev overlay\'s clearly named local token', () => {
      const secrets = objects.filter((o) => o.kind === 'Secret');
      if (path.basename(overlay) === 'prod') assert.deepEqual(secrets, []);
      for (const secret of secrets) {
        assert.equal(Buffer.from(secret.data.token, 'base64').toString(), 'local-admin-token');
      }
    });
  });
}

describe('the strict schema check itself', () => {
  const deployment = () => structuredClone(render(OVERLAYS[1]).find((o) => o.kind === 'Deployment'));

  test('finds an unknown field, however deep', async () => {
    const object = deployment();
    object.spec.template.spec.containers[0].readinessProbe.httpGet.pathh = '/q/health/ready';
    object.spec.replicaz = 3;
    const problems = await problemsOf(object);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems.join('\n'), /unknown field \/spec\/template\/spec\/containers\/0\/readinessProbe\/httpGet\/pathh/);
    assert.match(problems.join('\n'), /unknown field \/spec\/replicaz/);
  });

  test('finds a wrong type and a missing required field', async () => {
    const object = deployment();
    object.spec.replicas = 'three';
    delete object.spec.template.spec.containers[0].name;
    const problems = (await problemsOf(object)).join('\n');
    assert.match(problems, /\/spec\/replicas must be integer/);
    assert.match(problems, /must have required property 'name'/);
  });

  test('checks custom resources too: a misspelt Strimzi topic field and a wrong CloudNativePG type', async () => {
    const objects = render(OVERLAYS[1]);
    const topic = structuredClone(objects.find((o) => o.kind === 'KafkaTopic'));
    topic.spec.partitons = 6;
    const cluster = structuredClone(objects.find((o) => o.kind === 'Cluster'));
    cluster.spec.instances = 'three';
    assert.match((await problemsOf(topic)).join('\n'), /unknown field \/spec\/partitons/);
    assert.match((await problemsOf(cluster)).join('\n'), /\/spec\/instances must be integer/);
  });

  test('a Strimzi object of an API version Strimzi 1.0 no longer serves is a problem', async () => {
    const topic = structuredClone(render(OVERLAYS[1]).find((o) => o.kind === 'KafkaTopic'));
    topic.apiVersion = 'kafka.strimzi.io/v1beta2';
    assert.deepEqual(await problemsOf(topic), [`KafkaTopic ${topic.metadata.name}: no schema for kafka.strimzi.io/v1beta2 KafkaTopic`]);
  });

  test('an object of a kind without a schema is a problem, not a pass', async () => {
    const problems = await problemsOf({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    assert.deepEqual(problems, ['Widget w: no schema for example.com/v1 Widget']);
  });
});
