import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ecsDir, terraform } from './terraform.mjs';

const tf = await terraform();
const source = fs.readdirSync(ecsDir).filter((f) => f.endsWith('.tf')).map((f) => fs.readFileSync(path.join(ecsDir, f), 'utf8')).join('\n');
const hasTerraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;

test('parses, and every variable and output is documented and typed', () => {
  assert.ok(Object.keys(tf.variable).length >= 10);
  for (const [name, [variable]] of Object.entries(tf.variable)) {
    assert.ok(variable.description?.length > 10, `variable ${name} has a description`);
    assert.ok(variable.type, `variable ${name} has a type`);
  }
  for (const [name, [output]] of Object.entries(tf.output)) {
    assert.ok(output.description?.length > 5, `output ${name} has a description`);
  }
});

test('every variable used is declared, and every declared variable is used', () => {
  const used = new Set([...source.matchAll(/\bvar\.([a-z_][a-z0-9_]*)/g)].map((m) => m[1]));
  assert.deepEqual([...used].filter((name) => !tf.variable[name]), []);
  assert.deepEqual(Object.keys(tf.variable).filter((name) => !used.has(name)), []);
});

test('every resource and data source referred to exists', () => {
  const references = [...source.matchAll(/\b(data\.)?(aws_[a-z0-9_]+)\.([a-z_][a-z0-9_]*)/g)];
  const missing = references.filter(([, data, type, name]) => !(data ? tf.data : tf.resource)?.[type]?.[name])
    .map(([reference]) => reference);
  assert.deepEqual([...new Set(missing)], []);
});

test('has what the platform needs on ECS: Fargate services, a load balancer, MSK, RDS, secrets, logs, autoscaling', () => {
  const resources = tf.resource;
  for (const type of ['aws_ecs_cluster', 'aws_ecs_task_definition', 'aws_ecs_service', 'aws_lb', 'aws_lb_listener_rule',
    'aws_msk_cluster', 'aws_db_instance', 'aws_cloudwatch_log_group', 'aws_appautoscaling_target', 'aws_appautoscaling_policy']) {
    assert.ok(resources[type], type);
  }
  assert.equal(resources.aws_ecs_service.component[0].launch_type, 'FARGATE');
  assert.equal(resources.aws_appautoscaling_policy.cpu[0].policy_type, 'TargetTrackingScaling');
  assert.equal(resources.aws_db_instance.postgres[0].manage_master_user_password, true, 'the password lives in Secrets Manager');
  assert.deepEqual(Object.keys(tf.locals.components).sort(), ['broadcast-service', 'counter-service', 'gateway', 'ingest-service']);
  assert.match(tf.locals.components['counter-service'].secrets.ADMIN_TOKEN, /var\.admin_token_secret_arn/);
});

test('is formatted as terraform fmt wants it', { skip: !hasTerraform && 'terraform is not installed (not in our registries)' }, () => {
  execFileSync('terraform', ['fmt', '-check', '-recursive', ecsDir], { stdio: 'pipe' });
});

test('the load balancer checks what a service needs for its answers; ECS restarts on liveness only', () => {
  const [group] = tf.resource.aws_lb_target_group.component;
  assert.equal(group.health_check[0].path, '${each.value.serving_path}');
  assert.match(source, /\$\{each\.value\.health_path\}/, 'the container health check is the liveness path');
});
