// A strict schema check for Kubernetes objects: the types, required fields and enums of the
// published schemas (kubernetes-models and its CRD packages, validators compiled from the
// Kubernetes OpenAPI and the operators' CRDs), plus unknown fields, which those schemas allow but
// the API server would drop or refuse. An unknown field is found as one the validator never looks
// at: each object is handed to the validator through a proxy that notes every property read.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

export const deployDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = path.join(deployDir, '..');


// the packages' compiled validators, by file (not every package exports its _schemas folder)
const schemas = (pkg, name) => pathToFileURL(path.join(deployDir, 'node_modules', pkg, '_schemas', `${name}.js`)).href;
const CRDS = {
  // Strimzi 1.0 and newer serve only v1: an object of an older version has no schema here, a problem
  'kafka.strimzi.io/v1': (kind) => schemas('@kubernetes-models/strimzi-kafka-operator', `KafkaStrimziIoV1${kind}`),
  'postgresql.cnpg.io/v1': (kind) => schemas('@kubernetes-models/cloudnative-pg', `ComGithubCloudnativePgCloudnativePgApiV1${kind}`),
  'gateway.networking.k8s.io/v1': (kind) => schemas('@kubernetes-models/gateway-api', `IoK8sSigsGatewayApiApisV1${kind}`),
  'monitoring.coreos.com/v1': (kind) => schemas('@kubernetes-models/prometheus-operator', `ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1${kind}`),
};

// free-form maps the schemas leave open on purpose (x-kubernetes-preserve-unknown-fields)
const FREE_FORM = [/^\/spec\/kafka\/config\//, /^\/spec\/config\//];

function schemaModule(apiVersion, kind) {
  if (CRDS[apiVersion]) return CRDS[apiVersion](kind);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const name = (s) => s[0].toUpperCase() + s.slice(1);
  return schemas('kubernetes-models', `IoK8sApi${name(group.split('.')[0])}${name(version)}${kind}`);
}

export async function validatorFor(apiVersion, kind) {
  try {
    return (await import(schemaModule(apiVersion, kind))).validate;
  } catch {
    return null;
  }
}

function tracked(value, at, read) {
  if (value === null || typeof value !== 'object') return value;
  const children = new Map();
  return new Proxy(value, {
    get(target, key) {
      const child = Reflect.get(target, key);
      if (typeof key !== 'string') return child;
      read.add(`${at}/${key}`);
      if (child === null || typeof child !== 'object') return child;
      if (!children.has(key)) children.set(key, tracked(child, `${at}/${key}`, read));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === 'string') read.add(`${at}/${key}`);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) read.add(`${at}/${String(key)}`);
      return Reflect.ownKeys(target);
    },
  });
}

function unread(value, at, read, found) {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    const here = `${at}/${key}`;
    if (!Array.isArray(value) && !read.has(here) && !FREE_FORM.some((pattern) => pattern.test(here))) found.push(here);
    else unread(value[key], here, read, found);
  }
}

// the compiled validators carry no messages
function describe({ keyword, params, message }) {
  if (message) return message;
  if (keyword === 'type') return `must be ${params.type}`;
  if (keyword === 'required') return `must have required property '${params.missingProperty}'`;
  if (keyword === 'enum') return `must be one of ${JSON.stringify(params.allowedValues)}`;
  return `fails ${keyword} ${JSON.stringify(params)}`;
}

/** Every problem with one object: schema errors and unknown fields, as readable strings. */
export async function problemsOf(object) {
  const where = `${object?.kind ?? '?'} ${object?.metadata?.name ?? '?'}`;
  const validate = await validatorFor(object.apiVersion, object.kind);
  if (!validate) return [`${where}: no schema for ${object.apiVersion} ${object.kind}`];
  const read = new Set(['/apiVersion', '/kind']);
  const valid = validate(tracked(object, '', read));
  const problems = valid ? [] : validate.errors.map((e) => `${where}: ${e.instancePath || '/'} ${describe(e)}`);
  const unknown = [];
  unread(object, '', read, unknown);
  return problems.concat(unknown.map((field) => `${where}: unknown field ${field}`));
}

/** The objects `kubectl kustomize` renders for a kustomization folder. */
export function render(folder) {
  const yaml = execFileSync('kubectl', ['kustomize', folder], { encoding: 'utf8' });
  return YAML.parseAllDocuments(yaml).map((doc) => doc.toJS()).filter(Boolean);
}

export const OVERLAYS = ['dev', 'prod'].map((name) => path.join(deployDir, 'kubernetes', 'overlays', name));
