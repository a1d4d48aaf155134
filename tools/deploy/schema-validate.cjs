'use strict';
/**
 * Schema validation of rendered Kubernetes objects, offline.
 *
 * - Core kinds: the OpenAPI schemas of `kubernetes-models` (devDependency, pinned; its compiled validators from
 *   `@kubernetes-models/validate`): required fields, types (a string where an int belongs), enums, formats.
 * - Unknown fields: the Kubernetes OpenAPI schemas allow additional properties (the API server's strict field
 *   validation is what rejects `contianers` or `readinesProbe`). To catch them offline, each object is handed to
 *   the validator behind a Proxy that records which properties the validator reads: a compiled validator reads
 *   every property its schema declares, and enumerates the keys of free-form maps (labels, ConfigMap data,
 *   resource lists). A key of a non-enumerated object that the validator never read is a field the schema does
 *   not know.
 * - Strimzi's `KafkaTopic` (kafka.strimzi.io/v1beta2) is not in kubernetes-models: its shape is checked here
 *   (known fields only, types, ranges), with the metadata checked against ObjectMeta.
 */

/** Fails early, with the fix, when the devDependencies are not installed. */
function requireModels() {
  try {
    require.resolve('kubernetes-models');
    require.resolve('@kubernetes-models/validate');
  } catch {
    throw new Error('kubernetes-models / @kubernetes-models/validate not installed: run `npm ci` (they are devDependencies)');
  }
}

/** The kubernetes-models class of apiVersion + kind (core kinds live in `kubernetes-models/v1`), else undefined. */
function loadModel(apiVersion, kind) {
  let mod;
  try {
    mod = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return undefined;
  }
  const model = mod[kind];
  return typeof model === 'function' && model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/** Wraps `value` so that the properties read and the objects enumerated are recorded in `nodes`. */
function track(value, path, nodes) {
  if (value === null || typeof value !== 'object') return value;
  const node = { path, value, read: new Set(), enumerated: false };
  nodes.push(node);
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string') node.read.add(key);
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || v === null || typeof v !== 'object') return v;
      if (!children.has(key)) children.set(key, track(v, `${path}/${key}`, nodes));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === 'string') node.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      node.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** Runs a kubernetes-models validate function; returns [schema errors, unknown field paths]. */
function runModelValidation(model, object) {
  const nodes = [];
  const errors = [];
  try {
    model.prototype.validate.call(track(object, '', nodes));
  } catch (e) {
    errors.push(String(e && e.message ? e.message : e).replace(/(^|, )data\//g, '$1/'));
  }
  const unknown = [];
  // only meaningful when the schema passed: a failing branch may stop reading early
  if (errors.length === 0)
    for (const n of nodes) {
      if (n.enumerated || Array.isArray(n.value)) continue;
      for (const k of Object.keys(n.value)) if (!n.read.has(k)) unknown.push(`${n.path}/${k}`);
    }
  return { errors, unknown };
}

const STRIMZI_TOPIC_SPEC = new Set(['topicName', 'partitions', 'replicas', 'config']);
const TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'spec']);

function kafkaTopicProblems(o) {
  const problems = [];
  for (const k of Object.keys(o)) if (!TOP_LEVEL.has(k)) problems.push(`unknown field /${k} (KafkaTopic has apiVersion, kind, metadata, spec)`);
  const { ObjectMeta } = require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta');
  if (o.metadata === null || typeof o.metadata !== 'object' || Array.isArray(o.metadata)) problems.push('/metadata must be an object');
  else {
    const r = runModelValidation(ObjectMeta, o.metadata);
    for (const e of r.errors) problems.push(`schema: /metadata${e.startsWith('/') ? '' : ' '}${e}`);
    for (const u of r.unknown) problems.push(`unknown field /metadata${u}`);
  }
  const spec = o.spec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    problems.push('/spec must be an object');
    return problems;
  }
  for (const k of Object.keys(spec)) if (!STRIMZI_TOPIC_SPEC.has(k)) problems.push(`unknown field /spec/${k} (KafkaTopic spec has ${[...STRIMZI_TOPIC_SPEC].join(', ')})`);
  if (spec.topicName !== undefined && (typeof spec.topicName !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(spec.topicName)))
    problems.push(`/spec/topicName ${JSON.stringify(spec.topicName)} is not a valid Kafka topic name`);
  for (const k of ['partitions', 'replicas'])
    if (!Number.isInteger(spec[k]) || spec[k] < 1 || (k === 'replicas' && spec[k] > 32767)) problems.push(`/spec/${k} must be an integer >= 1 (got ${JSON.stringify(spec[k])})`);
  if (spec.config !== undefined) {
    if (spec.config === null || typeof spec.config !== 'object' || Array.isArray(spec.config)) problems.push('/spec/config must be an object');
    else
      for (const [k, v] of Object.entries(spec.config))
        if (!['string', 'number', 'boolean'].includes(typeof v)) problems.push(`/spec/config/${k} must be a string, number or boolean`);
  }
  return problems;
}

/**
 * Schema problems of one object: `[]` when it is valid. Unsupported kinds are reported as a problem, so an
 * object that nothing validates cannot slip through.
 */
function schemaProblems(o) {
  requireModels();
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return ['not an object'];
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return ['apiVersion and kind must be strings'];
  if (o.apiVersion === 'kafka.strimzi.io/v1beta2' && o.kind === 'KafkaTopic') return kafkaTopicProblems(o);
  const model = loadModel(o.apiVersion, o.kind);
  if (!model) return [`no schema for ${o.apiVersion} ${o.kind} in kubernetes-models`];
  const { errors, unknown } = runModelValidation(model, o);
  return [...errors.map((e) => `schema: ${e}`), ...unknown.map((u) => `unknown field ${u}`)];
}

module.exports = { schemaProblems };
