import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { OVERLAYS, problemsOf, render, rootDir } from './schema.mjs';

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

    const deployments = () => objects.filter((o) => o.kind === 'Deployment');
    const services = ['ingest-service', 'counter-service', 'broadcast-service'];

    test('readiness asks only what each service needs for its answers; liveness and startup unchanged', () => {
      for (const name of services) {
        const [container] = deployments().find((d) => d.metadata.name === name).spec.template.spec.containers;
        assert.equal(container.readinessProbe.httpGet.path, '/q/health/group/serving', name);
        assert.equal(container.livenessProbe.httpGet.path, '/q/health/live', name);
        assert.equal(container.startupProbe.httpGet.path, '/q/health/started', name);
      }
    });

    test('graceful rollouts: a shutdown delay the grace period covers, a preStop wait for nginx', () => {
      const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('colortracking-config'));
      const delay = Number(config.data.QUARKUS_SHUTDOWN_DELAY.replace(/s$/, ''));
      assert.ok(delay >= 5, `${delay} s for endpoints and proxies to drop a pod`);
      // each service's own quarkus.shutdown.timeout
      const timeoutOf = (name) => Number(fs.readFileSync(path.join(rootDir, name, 'src/main/resources/application.properties'), 'utf8')
        .match(/^quarkus\.shutdown\.timeout=(\d+)s$/m)[1]);
      for (const deployment of deployments()) {
        const pod = deployment.spec.template.spec;
        const name = deployment.metadata.name;
        if (name === 'gateway') {
          assert.deepEqual(pod.containers[0].lifecycle.preStop.exec.command, ['sleep', '5']);
          assert.ok((pod.terminationGracePeriodSeconds ?? 30) > 5, name); // Kubernetes' default: 30 s
        } else {
          assert.ok(pod.containers[0].envFrom.some((source) => source.configMapRef.name === config.metadata.name), name);
          assert.ok(pod.terminationGracePeriodSeconds >= delay + timeoutOf(name) + 5, `${name}: ${pod.terminationGracePeriodSeconds} s`);
        }
      }
    });

    test('a Deployment an autoscaler owns sets no replicas (an apply would reset them)', () => {
      const scaled = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.spec.scaleTargetRef.name);
      for (const deployment of deployments().filter((d) => scaled.includes(d.metadata.name))) {
        assert.equal(deployment.spec.replicas, undefined, deployment.metadata.name);
      }
    });

    test('the live routes have no request timeout, the other API routes a finite one', () => {
      const route = objects.find((o) => o.kind === 'HTTPRoute');
      const ruleFor = (value) => route.spec.rules.find((rule) => rule.matches.some((m) => m.path.value === value));
      for (const live of ['/v1/live', '/v1/events/cable']) assert.equal(ruleFor(live).timeouts?.request, '0s', live);
      for (const rule of route.spec.rules.filter((r) => r.backendRefs[0].name !== 'broadcast-service' && r.backendRefs[0].name !== 'gateway')) {
        assert.match(rule.timeouts?.request ?? '', /^[1-9][0-9]*s$/, JSON.stringify(rule.matches));
      }
    });

    test('pods meet the restricted Pod Security profile, mount no API token, spread over zones and nodes', () => {
      const namespace = objects.find((o) => o.kind === 'Namespace');
      assert.equal(namespace.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
      for (const deployment of deployments()) {
        const name = deployment.metadata.name;
        const pod = deployment.spec.template.spec;
        assert.equal(pod.automountServiceAccountToken, false, name);
        assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', name);
        for (const container of pod.containers) assert.deepEqual(container.securityContext.capabilities.drop, ['ALL'], name);
        const keys = (pod.topologySpreadConstraints ?? []).map((c) => c.topologyKey).sort();
        assert.deepEqual(keys, ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'], name);
        for (const constraint of pod.topologySpreadConstraints) {
          assert.deepEqual(constraint.labelSelector.matchLabels, deployment.spec.selector.matchLabels, name);
        }
      }
    });

    test('network policies: the services only from the gateway (and Prometheus), PostgreSQL only from counter-service', () => {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      const selects = (policy, labels) => {
        const selector = policy.spec.podSelector;
        return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
          && (selector.matchExpressions ?? []).every((e) => e.operator === 'In' && e.values.includes(labels[e.key]));
      };
      for (const deployment of deployments()) {
        const labels = deployment.spec.template.metadata.labels;
        const covering = policies.filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p, labels));
        assert.equal(covering.length, 1, deployment.metadata.name);
        const peers = covering[0].spec.ingress.flatMap((rule) => rule.from);
        assert.ok(peers.every((peer) => peer.namespaceSelector || peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'gateway'),
          `${deployment.metadata.name}: ${JSON.stringify(peers)}`);
      }
      const postgres = policies.filter((p) => selects(p, { 'cnpg.io/cluster': 'colortracking-db' }));
      assert.equal(postgres.length, 1);
      const clientsOf5432 = postgres[0].spec.ingress.filter((rule) => rule.ports.some((p) => p.port === 5432)).flatMap((rule) => rule.from);
      const podPeers = clientsOf5432.filter((peer) => peer.podSelector).map((peer) => JSON.stringify(peer.podSelector.matchLabels));
      assert.deepEqual(podPeers.sort(), [
        JSON.stringify({ 'app.kubernetes.io/name': 'counter-service' }),
        JSON.stringify({ 'cnpg.io/cluster': 'colortracking-db' }),
      ].sort());
      const kafka = objects.find((o) => o.kind === 'Kafka');
      const peers = kafka.spec.kafka.listeners[0].networkPolicyPeers;
      assert.deepEqual(peers[0].podSelector.matchExpressions[0].values.sort(), [...services].sort());
    });

    test('PostgreSQL is backed up (nightly base backup, WAL archived, 30 days) and its connection budget fits', () => {
      const cluster = objects.find((o) => o.kind === 'Cluster');
      assert.match(cluster.spec.backup.barmanObjectStore.destinationPath, /^s3:\/\/.+/);
      assert.equal(cluster.spec.backup.retentionPolicy, '30d');
      const scheduled = objects.find((o) => o.kind === 'ScheduledBackup');
      assert.equal(scheduled.spec.cluster.name, cluster.metadata.name);
      assert.equal(scheduled.spec.method, 'barmanObjectStore');
      // the most counter-service replicas that count in parallel: one per partition
      const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('colortracking-config'));
      const partitions = Number(config.data.COLORTRACKING_TOPICS_PARTITIONS);
      const counter = deployments().find((d) => d.metadata.name === 'counter-service');
      // the pool of each replica: counter-service's own setting (no overlay changes it)
      assert.equal(counter.spec.template.spec.containers[0].env.find((e) => e.name === 'QUARKUS_DATASOURCE_JDBC_MAX_SIZE'), undefined);
      const properties = fs.readFileSync(path.join(rootDir, 'counter-service/src/main/resources/application.properties'), 'utf8');
      const pool = Number(properties.match(/^quarkus\.datasource\.jdbc\.max-size=(\d+)$/m)[1]);
      const maxConnections = Number(cluster.spec.postgresql.parameters.max_connections);
      const reserved = 20; // superuser slots, replication, the operator's and a person's sessions
      assert.ok(counter.spec.replicas <= partitions);
      assert.ok(partitions * pool <= maxConnections - reserved, `${partitions} x ${pool} > ${maxConnections} - ${reserved}`);
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

describe('kubernetes overlay prod: monitoring', () => {
  test('PodMonitors for the services, PostgreSQL and Kafka (the monitoring component)', () => {
    const monitors = render(OVERLAYS.find((o) => path.basename(o) === 'prod')).filter((o) => o.kind === 'PodMonitor');
    assert.deepEqual(monitors.map((m) => m.metadata.name).sort(), ['colortracking-db', 'colortracking-kafka', 'colortracking-services']);
    const services = monitors.find((m) => m.metadata.name === 'colortracking-services');
    assert.equal(services.spec.podMetricsEndpoints[0].path, '/q/metrics');
  });
});

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
