#!/usr/bin/env node
'use strict';
/**
 * Offline checks of rendered Kubernetes manifests (the output of `kubectl kustomize k8s/overlays/<env>`).
 *
 *   node tools/deploy/validate-manifests.cjs [--expect-replicas N] [--expect-namespace NS] [--forbid-app APP] FILE.yaml [...]
 *   node tools/deploy/validate-manifests.cjs --self-test FILE.yaml      # proves the checks reject broken manifests
 *   node tools/deploy/validate-manifests.cjs --compose-topics docker-compose.yml
 *   node tools/deploy/validate-manifests.cjs [--self-test] --dashboard docs/grafana/parcelstream.json
 *
 * Every object is schema-validated (tools/deploy/schema-validate.cjs: kubernetes-models' OpenAPI schemas plus an
 * unknown-field check; Strimzi KafkaTopics by their own shape). On top, the essentials this project relies on:
 * kinds + apiVersions in an allow-list, valid names, no Secret in the output; Deployments have startup/liveness/
 * readiness probes on the health endpoints, resources, a preStop sleep equal to SHUTDOWN_DELAY_MS (for the apps
 * that read it) and a grace period that covers it plus the 25 s drain, and run non-root with a read-only root
 * file system; every secretKeyRef/secretRef names one of the documented Secrets, a database Secret only in its own
 * service; references between objects (ConfigMaps, Services, HPAs, PDBs, NetworkPolicies, Ingress) resolve; only
 * the api-gateway is reachable from outside the namespace (Ingress backend, NetworkPolicies); carrier-sync's
 * webhook carriers are in the carrier catalog (no simulated carrier unless the simulator is deployed);
 * KafkaTopics match libs/contracts' topic catalog; every app exports its traces (an OTLP endpoint, a sampler the
 * SDK accepts) and its NetworkPolicies let the export through; KAFKA_SESSION_TIMEOUT_MS only on Kafka apps, in range.
 * The dashboard may only query metrics some app registers (or a known external exporter's), with their labels.
 *
 * Exit status: 0 valid, 1 problems found, 2 usage error or no YAML parser.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const TOPIC_CATALOG = path.join(ROOT, 'libs', 'contracts', 'src', 'topics', 'topic-catalog.ts');
const CARRIER_CATALOG = path.join(ROOT, 'libs', 'carriers', 'src', 'catalog', 'carrier-catalog.ts');
const EVENT_CONSUMER = path.join(ROOT, 'libs', 'messaging', 'src', 'consumer', 'event-consumer.ts');
const { schemaProblems } = require('./schema-validate.cjs');

/** kind -> the apiVersion this project writes it with */
const ALLOWED_KINDS = {
  Namespace: 'v1',
  ServiceAccount: 'v1',
  ConfigMap: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Ingress: 'networking.k8s.io/v1',
  KafkaTopic: 'kafka.strimzi.io/v1beta2',
};
const CLUSTER_SCOPED = new Set(['Namespace']);
/** The Secrets the manifests may refer to (created out of band: docs/deployment.md "Secrets to create"). */
const DB_SECRET = /^parcelstream-db-([a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;
const SHARED_SECRETS = new Set(['parcelstream-caller-identity', 'parcelstream-redis', 'parcelstream-gateway-auth', 'parcelstream-carrier-webhooks']);
const TLS_SECRETS = new Set(['parcelstream-gateway-tls']);
const SECRET_NAMES = `parcelstream-db-<service>, ${[...SHARED_SECRETS].join(', ')}`;
/** The only app reachable from outside the namespace (Ingress, NetworkPolicies). */
const PUBLIC_APP = 'api-gateway';
const MONITORING_NAMESPACE = 'monitoring';
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_DRAIN_SECONDS = 25; // runService() force-exits after 25 s of draining
const QUANTITY = /^([0-9]+(\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/;
/** What libs/observability's tracingConfigFromEnv accepts (anything else stops the app at start). */
const OTEL_EXPORTERS = ['otlp', 'file', 'none'];
const OTEL_SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
/** KAFKA_SESSION_TIMEOUT_MS bounds: the brokers' default group.min.session.timeout.ms, and 5 minutes. */
const SESSION_TIMEOUT_MS = { min: 6_000, max: 300_000 };

// ---------------------------------------------------------------------------------------------------------------
// YAML: a parser already in node_modules (transitive; not a declared dependency), else python3's PyYAML.

function yamlLoader() {
  try {
    const YAML = require('yaml');
    if (typeof YAML.parseAllDocuments === 'function') {
      return {
        name: 'yaml',
        loadAll: (text) =>
          YAML.parseAllDocuments(text).map((doc) => {
            if (doc.errors && doc.errors.length) throw new Error(String(doc.errors[0].message || doc.errors[0]));
            return doc.toJSON();
          }),
      };
    }
  } catch {
    /* not installed */
  }
  try {
    const jsYaml = require('js-yaml');
    if (typeof jsYaml.loadAll === 'function') return { name: 'js-yaml', loadAll: (text) => jsYaml.loadAll(text) };
  } catch {
    /* not installed */
  }
  const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  if (probe.status === 0) {
    return {
      name: 'python3 PyYAML',
      loadAll: (text) => {
        const r = spawnSync('python3', ['-c', 'import sys, json, yaml; json.dump(list(yaml.safe_load_all(sys.stdin)), sys.stdout)'], {
          input: text,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        if (r.status !== 0) throw new Error(r.stderr.trim());
        return JSON.parse(r.stdout);
      },
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { files: [], expectReplicas: undefined, expectNamespace: undefined, composeTopics: undefined, forbidApps: [], selfTest: false, dashboard: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--expect-replicas') opts.expectReplicas = Number(argv[++i]);
    else if (a === '--expect-namespace') opts.expectNamespace = argv[++i];
    else if (a === '--compose-topics') opts.composeTopics = argv[++i];
    else if (a === '--forbid-app') opts.forbidApps.push(argv[++i]);
    else if (a === '--self-test') opts.selfTest = true;
    else if (a === '--dashboard') opts.dashboard = argv[++i];
    else if (a === '--compose-config') opts.composeConfig = argv[++i];
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.files.push(a);
  }
  if (opts.expectReplicas !== undefined && !Number.isInteger(opts.expectReplicas)) throw new Error('--expect-replicas needs an integer');
  return opts;
}

/** Kubernetes quantity -> number (cores or bytes), NaN when malformed. */
function quantity(value) {
  const m = QUANTITY.exec(String(value));
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  const factor = { m: 1e-3, k: 1e3, Ki: 1024, M: 1e6, Mi: 1024 ** 2, G: 1e9, Gi: 1024 ** 3, T: 1e12, Ti: 1024 ** 4 }[m[3]] ?? 1;
  return n * factor;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const matches = (selector, labels) =>
  isObject(selector) && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The topic catalog as {topic: {partitions, retentionMs}}, or null when its source cannot be read this way. */
function readTopicCatalog() {
  let src;
  try {
    src = fs.readFileSync(TOPIC_CATALOG, 'utf8');
  } catch {
    return null;
  }
  const names = {};
  for (const m of src.matchAll(/^\s*(\w+):\s*'([a-z0-9.-]+\.v\d+)',?\s*$/gm)) names[m[1]] = m[2];
  const specs = {};
  const dayMs = 24 * 60 * 60 * 1000;
  for (const m of src.matchAll(/\{\s*topic:\s*Topics\.(\w+),\s*partitions:\s*(\d+),\s*retentionMs:\s*(\d+)\s*\*\s*DAY_MS\s*\}/g)) {
    if (names[m[1]]) specs[names[m[1]]] = { partitions: Number(m[2]), retentionMs: Number(m[3]) * dayMs };
  }
  return Object.keys(specs).length ? specs : null;
}

/**
 * libs/messaging's retry conventions: the number of retry tiers (DEFAULT_RETRY_DELAYS_MS) and the partitions of
 * the retry and dead-letter topics it declares, or null when the source cannot be read this way.
 */
function readRetryConventions() {
  let src;
  try {
    src = fs.readFileSync(EVENT_CONSUMER, 'utf8');
  } catch {
    return null;
  }
  const delays = /DEFAULT_RETRY_DELAYS_MS\s*=\s*\[([^\]]*)\]/.exec(src);
  const partitions = /this\.deadLetterTopic\][^\n]*partitions:\s*(\d+)/.exec(src);
  if (!delays || !partitions) return null;
  return { tiers: delays[1].split(',').filter((x) => x.trim()).length, partitions: Number(partitions[1]) };
}

/** Carrier codes of libs/carriers' catalog: {code: simulated?}, or null when its source cannot be read this way. */
function readCarrierCatalog() {
  let src;
  try {
    src = fs.readFileSync(CARRIER_CATALOG, 'utf8');
  } catch {
    return null;
  }
  const carriers = {};
  for (const m of src.matchAll(/\bsim\(\s*'([a-z0-9-]+)'/g)) carriers[m[1]] = true;
  for (const m of src.matchAll(/^\s*code:\s*'([a-z0-9-]+)',/gm)) if (!(m[1] in carriers)) carriers[m[1]] = false;
  return Object.keys(carriers).length ? carriers : null;
}

/**
 * Whether an app passes SHUTDOWN_DELAY_MS to its shutdown (`shutdownDelayMs` in apps/<app>/src): true, false, or
 * undefined when the app's source is not in this checkout.
 */
function appReadsShutdownDelay(app) {
  const dir = path.join(ROOT, 'apps', app, 'src');
  if (!fs.existsSync(dir)) return undefined;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) && /\bshutdownDelayMs\b/.test(fs.readFileSync(full, 'utf8'))) return true;
    }
  }
  return false;
}

function validate(objects, opts) {
  const problems = [];
  const warnings = [];
  const where = (o) => `${o?.kind ?? '?'}/${o?.metadata?.name ?? '?'}${o?.__file ? ` (${o.__file})` : ''}`;
  const fail = (o, msg) => problems.push(`${where(o)}: ${msg}`);

  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const seen = new Set();

  // ---- every object ----
  for (const o of objects) {
    if (!isObject(o)) {
      problems.push(`a document is not a mapping: ${JSON.stringify(o)?.slice(0, 80)}`);
      continue;
    }
    if (!o.apiVersion) fail(o, 'apiVersion missing');
    if (!o.kind) fail(o, 'kind missing');
    if (!isObject(o.metadata) || !o.metadata.name) fail(o, 'metadata.name missing');
    for (const sp of o.kind === 'Secret' ? [] : schemaProblems(o)) fail(o, sp);
    if (opts.forbidApps?.includes(o.metadata?.labels?.['app.kubernetes.io/name'])) fail(o, `${o.metadata.labels['app.kubernetes.io/name']} must not be deployed here`);
    if (o.kind === 'Secret') fail(o, 'a Secret must not be in the manifests (create it out of band: docs/deployment.md)');
    else if (o.kind && !(o.kind in ALLOWED_KINDS)) fail(o, `kind ${o.kind} is not in the allow-list (${Object.keys(ALLOWED_KINDS).join(', ')})`);
    else if (o.kind && o.apiVersion !== ALLOWED_KINDS[o.kind]) fail(o, `apiVersion ${o.apiVersion}, expected ${ALLOWED_KINDS[o.kind]}`);
    const name = o.metadata?.name;
    if (name) {
      const re = o.kind === 'Service' || o.kind === 'Namespace' ? DNS_LABEL : DNS_SUBDOMAIN;
      if (!re.test(name) || name.length > (re === DNS_LABEL ? 63 : 253)) fail(o, `metadata.name "${name}" is not a valid ${re === DNS_LABEL ? 'DNS label' : 'DNS subdomain'}`);
    }
    if (o.kind && !CLUSTER_SCOPED.has(o.kind)) {
      if (!o.metadata?.namespace) fail(o, 'metadata.namespace missing (deploy an overlay, not the base)');
      else if (opts.expectNamespace && o.metadata.namespace !== opts.expectNamespace) fail(o, `namespace ${o.metadata.namespace}, expected ${opts.expectNamespace}`);
    }
    for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) {
      if (typeof v !== 'string') fail(o, `label ${k} is not a string`);
      else if (v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) fail(o, `label ${k}="${v}" is not a valid label value`);
    }
    for (const [k, v] of Object.entries(o.metadata?.annotations ?? {})) if (typeof v !== 'string') fail(o, `annotation ${k} is not a string`);
    const key = `${o.kind}/${o.metadata?.namespace ?? ''}/${name}`;
    if (seen.has(key)) fail(o, 'defined twice');
    seen.add(key);
  }

  const configMaps = new Map(byKind('ConfigMap').map((c) => [c.metadata.name, c]));
  const deployments = byKind('Deployment');

  // ---- pod templates (Deployment, Job) ----
  const checkPodSpec = (o, spec, { isService }) => {
    if (!isObject(spec)) return fail(o, 'pod template spec missing');
    const app = o.metadata?.labels?.['app.kubernetes.io/name'];
    const secretOk = (name, what) => {
      const db = DB_SECRET.exec(name ?? '');
      if (db && db[1] !== app) fail(o, `${what} "${name}": a database Secret belongs to ${db[1]} only`);
      else if (!db && !SHARED_SECRETS.has(name)) fail(o, `${what} "${name}" is not one of the documented Secrets (${SECRET_NAMES})`);
    };
    const psc = spec.securityContext ?? {};
    if (!Array.isArray(spec.containers) || spec.containers.length === 0) return fail(o, 'no containers');
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    for (const c of spec.containers) {
      const cn = `container ${c.name ?? '?'}`;
      if (!c.name) fail(o, 'a container has no name');
      if (!c.image) fail(o, `${cn}: image missing`);
      else {
        const tag = /:([^/:@]+)$/.exec(c.image)?.[1];
        if (!tag && !c.image.includes('@sha256:')) fail(o, `${cn}: image ${c.image} has no tag (set it in the overlay's images:)`);
        if (tag === 'latest') fail(o, `${cn}: image tag latest`);
      }
      // resources
      const r = c.resources ?? {};
      for (const kind of ['requests', 'limits'])
        for (const res of ['cpu', 'memory']) {
          const v = r[kind]?.[res];
          if (v === undefined) fail(o, `${cn}: resources.${kind}.${res} missing`);
          else if (Number.isNaN(quantity(v))) fail(o, `${cn}: resources.${kind}.${res} "${v}" is not a quantity`);
        }
      for (const res of ['cpu', 'memory']) {
        const req = quantity(r.requests?.[res]);
        const lim = quantity(r.limits?.[res]);
        if (req > lim) fail(o, `${cn}: ${res} request ${r.requests[res]} above limit ${r.limits[res]}`);
      }
      // security
      const csc = c.securityContext ?? {};
      const nonRoot = csc.runAsNonRoot ?? psc.runAsNonRoot;
      const uid = csc.runAsUser ?? psc.runAsUser;
      if (nonRoot !== true) fail(o, `${cn}: runAsNonRoot is not true`);
      if (uid === undefined) fail(o, `${cn}: runAsUser missing (the image's user is named, so the kubelet cannot verify non-root)`);
      else if (uid === 0) fail(o, `${cn}: runAsUser 0`);
      if (csc.readOnlyRootFilesystem !== true) fail(o, `${cn}: readOnlyRootFilesystem is not true`);
      if (csc.allowPrivilegeEscalation !== false) fail(o, `${cn}: allowPrivilegeEscalation is not false`);
      if (!(csc.capabilities?.drop ?? []).includes('ALL')) fail(o, `${cn}: capabilities.drop lacks ALL`);
      if (csc.privileged) fail(o, `${cn}: privileged`);
      // env and references
      for (const e of c.env ?? []) {
        if (!e.name) fail(o, `${cn}: an env entry has no name`);
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) {
          secretOk(ref.name, `${cn}: env ${e.name} secretKeyRef`);
          if (!ref.key) fail(o, `${cn}: env ${e.name} secretKeyRef.key missing`);
        }
        if (e.value !== undefined && /(password|secret|token)/i.test(e.name) && e.value !== '') fail(o, `${cn}: env ${e.name} carries a literal secret; use a secretKeyRef`);
        if (e.value !== undefined && /^postgres(ql)?:\/\/[^/]*:[^@/]+@/.test(String(e.value))) fail(o, `${cn}: env ${e.name} carries a password in a literal URL`);
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef && !configMaps.has(cmRef.name)) fail(o, `${cn}: env ${e.name} refers to missing ConfigMap ${cmRef.name}`);
      }
      for (const src of c.envFrom ?? []) {
        if (src.secretRef) secretOk(src.secretRef.name, `${cn}: envFrom secretRef`);
        if (src.configMapRef && !configMaps.has(src.configMapRef.name)) fail(o, `${cn}: envFrom refers to missing ConfigMap ${src.configMapRef.name}`);
      }
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(o, `${cn}: volumeMount ${m.name} has no volume`);
      if (!isService) {
        if (!Array.isArray(c.command) || c.command.length === 0) fail(o, `${cn}: a Job container needs an explicit command`);
        continue;
      }
      // ---- service containers: ports, probes, shutdown ----
      const ports = c.ports ?? [];
      if (ports.length === 0) fail(o, `${cn}: no containerPort`);
      const portOk = (p) => ports.some((cp) => cp.name === p || cp.containerPort === p);
      const probes = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health/ready' };
      for (const [probe, pathWanted] of Object.entries(probes)) {
        const p = c[probe];
        if (!p) fail(o, `${cn}: ${probe} missing`);
        else if (!p.httpGet) fail(o, `${cn}: ${probe} is not an httpGet probe`);
        else {
          if (p.httpGet.path !== pathWanted) fail(o, `${cn}: ${probe} path ${p.httpGet.path}, expected ${pathWanted}`);
          if (!portOk(p.httpGet.port)) fail(o, `${cn}: ${probe} port ${p.httpGet.port} is not a container port`);
        }
      }
      const cmd = c.lifecycle?.preStop?.exec?.command;
      const sleepAction = c.lifecycle?.preStop?.sleep?.seconds;
      let preStopSeconds;
      if (Array.isArray(cmd) && cmd[0] === 'sleep' && /^\d+$/.test(String(cmd[1]))) preStopSeconds = Number(cmd[1]);
      else if (Number.isInteger(sleepAction)) preStopSeconds = sleepAction;
      else fail(o, `${cn}: lifecycle.preStop must sleep (exec ["sleep", "<seconds>"] or sleep.seconds)`);
      // SHUTDOWN_DELAY_MS from env or envFrom ConfigMaps
      let delayMs;
      const literal = (c.env ?? []).find((e) => e.name === 'SHUTDOWN_DELAY_MS' && e.value !== undefined);
      if (literal) delayMs = Number(literal.value);
      for (const src of c.envFrom ?? []) {
        const cm = src.configMapRef && configMaps.get(src.configMapRef.name);
        if (delayMs === undefined && cm?.data?.SHUTDOWN_DELAY_MS !== undefined) delayMs = Number(cm.data.SHUTDOWN_DELAY_MS);
      }
      const reads = app ? appReadsShutdownDelay(app) : undefined;
      if (reads === false && delayMs !== undefined) fail(o, `${cn}: SHUTDOWN_DELAY_MS is set, but apps/${app} does not read it (its preStop sleep is the whole delay)`);
      if (reads === false) delayMs = 0;
      if (delayMs === undefined || !Number.isInteger(delayMs)) fail(o, `${cn}: SHUTDOWN_DELAY_MS not set (env or ConfigMap)`);
      else if (preStopSeconds !== undefined) {
        if (reads !== false && preStopSeconds * 1000 !== delayMs) fail(o, `${cn}: preStop sleeps ${preStopSeconds} s but SHUTDOWN_DELAY_MS is ${delayMs}`);
        const needed = preStopSeconds + delayMs / 1000 + MAX_DRAIN_SECONDS;
        const grace = spec.terminationGracePeriodSeconds ?? 30;
        if (!(grace > needed)) fail(o, `terminationGracePeriodSeconds ${grace} must exceed preStop ${preStopSeconds} s + delay ${delayMs / 1000} s + drain ${MAX_DRAIN_SECONDS} s = ${needed} s`);
      }
    }
    if (spec.automountServiceAccountToken !== false) warnings.push(`${where(o)}: automountServiceAccountToken is not false`);
  };

  for (const d of deployments) {
    const spec = d.spec ?? {};
    const tpl = spec.template ?? {};
    if (!matches(spec.selector?.matchLabels, tpl.metadata?.labels)) fail(d, 'spec.selector.matchLabels missing or not matching the pod template labels');
    if (opts.expectReplicas !== undefined && spec.replicas !== opts.expectReplicas) fail(d, `replicas ${spec.replicas}, expected ${opts.expectReplicas}`);
    if (!Number.isInteger(spec.replicas) || spec.replicas < 1) fail(d, 'replicas must be >= 1');
    checkPodSpec(d, tpl.spec, { isService: true });
  }
  for (const j of byKind('Job')) {
    const spec = j.spec ?? {};
    const tpl = spec.template ?? {};
    if (!['Never', 'OnFailure'].includes(tpl.spec?.restartPolicy)) fail(j, 'restartPolicy must be Never or OnFailure');
    if (!Number.isInteger(spec.backoffLimit)) fail(j, 'backoffLimit missing');
    if (!Number.isInteger(spec.activeDeadlineSeconds)) warnings.push(`${where(j)}: no activeDeadlineSeconds`);
    checkPodSpec(j, tpl.spec, { isService: false });
  }

  const templateLabels = deployments.map((d) => ({ d, labels: d.spec?.template?.metadata?.labels ?? {} }));
  const containerPorts = (d) => (d.spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []);

  for (const s of byKind('Service')) {
    const targets = templateLabels.filter(({ labels }) => matches(s.spec?.selector, labels));
    if (targets.length === 0) fail(s, 'selector matches no Deployment');
    for (const p of s.spec?.ports ?? []) {
      const target = p.targetPort ?? p.port;
      for (const { d } of targets)
        if (!containerPorts(d).some((cp) => cp.name === target || cp.containerPort === target)) fail(s, `targetPort ${target} is not a port of ${d.metadata.name}`);
    }
  }
  for (const h of byKind('HorizontalPodAutoscaler')) {
    const ref = h.spec?.scaleTargetRef ?? {};
    if (ref.kind !== 'Deployment' || !deployments.some((d) => d.metadata.name === ref.name)) fail(h, `scaleTargetRef ${ref.kind}/${ref.name} does not resolve`);
    if (!(h.spec?.minReplicas >= 1) || !(h.spec?.maxReplicas >= h.spec?.minReplicas)) fail(h, `bounds ${h.spec?.minReplicas}..${h.spec?.maxReplicas} are invalid`);
    if (!Array.isArray(h.spec?.metrics) || h.spec.metrics.length === 0) fail(h, 'no metrics');
    const d = deployments.find((x) => x.metadata.name === ref.name);
    if (d && Number.isInteger(d.spec?.replicas) && (d.spec.replicas < h.spec?.minReplicas || d.spec.replicas > h.spec?.maxReplicas))
      fail(h, `Deployment replicas ${d.spec.replicas} outside ${h.spec.minReplicas}..${h.spec.maxReplicas}`);
  }
  for (const p of byKind('PodDisruptionBudget')) {
    const hasBudget = p.spec?.minAvailable !== undefined || p.spec?.maxUnavailable !== undefined;
    if (!hasBudget) fail(p, 'neither minAvailable nor maxUnavailable');
    if (!templateLabels.some(({ labels }) => matches(p.spec?.selector?.matchLabels, labels))) fail(p, 'selector matches no Deployment');
  }
  const policies = byKind('NetworkPolicy');
  for (const np of policies) {
    if (!isObject(np.spec?.podSelector)) fail(np, 'podSelector missing');
    if (!Array.isArray(np.spec?.policyTypes) || np.spec.policyTypes.length === 0) fail(np, 'policyTypes missing');
  }
  if (objects.length && !policies.some((np) => Object.keys(np.spec?.podSelector ?? { x: 1 }).length === 0 && np.spec.policyTypes?.includes('Ingress') && !(np.spec.ingress ?? []).length))
    problems.push('no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no rules)');
  for (const d of deployments) {
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const selecting = policies.filter((np) => matches(np.spec?.podSelector?.matchLabels, labels));
    if (!selecting.some((np) => np.spec.policyTypes?.includes('Egress'))) fail(d, 'no NetworkPolicy restricts its egress');
    if (!selecting.some((np) => (np.spec.ingress ?? []).length > 0)) fail(d, 'no NetworkPolicy allows any ingress to it');
  }

  // ---- only the api-gateway is public ----
  const services = new Map(byKind('Service').map((x) => [x.metadata.name, x]));
  for (const ing of byKind('Ingress')) {
    const backends = [ing.spec?.defaultBackend, ...(ing.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))].filter(Boolean);
    if (backends.length === 0) fail(ing, 'no backend');
    for (const b of backends) {
      const name = b.service?.name;
      const svc = services.get(name);
      if (!svc) fail(ing, `backend Service ${name} does not exist`);
      else if (svc.metadata?.labels?.['app.kubernetes.io/name'] !== PUBLIC_APP) fail(ing, `backend ${name}: only the ${PUBLIC_APP} may be exposed`);
      else if (!(svc.spec?.ports ?? []).some((p) => p.name === b.service.port?.name || p.port === b.service.port?.number)) fail(ing, `backend ${name}: port ${JSON.stringify(b.service.port)} is not a port of the Service`);
    }
    const hosts = (ing.spec?.rules ?? []).map((r) => r.host);
    const tlsHosts = new Set((ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []));
    for (const h of hosts) if (!h || !tlsHosts.has(h)) fail(ing, `host ${h ?? '(any)'} is not covered by spec.tls`);
    for (const t of ing.spec?.tls ?? []) if (!TLS_SECRETS.has(t.secretName)) fail(ing, `tls secretName ${t.secretName} is not one of ${[...TLS_SECRETS].join(', ')}`);
  }
  for (const svc of byKind('Service'))
    if (['NodePort', 'LoadBalancer'].includes(svc.spec?.type)) fail(svc, `type ${svc.spec.type}: the Ingress is the only way in`);
  for (const np of policies) {
    const isPublic = np.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === PUBLIC_APP;
    for (const rule of np.spec?.ingress ?? []) {
      if (!Array.isArray(rule.from) || rule.from.length === 0) fail(np, 'an ingress rule without `from` admits every source');
      for (const peer of rule.from ?? []) {
        if (peer.ipBlock) fail(np, `ingress from ipBlock ${peer.ipBlock.cidr}: only the Ingress controller (to the ${PUBLIC_APP}) comes from outside`);
        const ns = peer.namespaceSelector;
        if (!ns) continue;
        const nsName = ns.matchLabels?.['kubernetes.io/metadata.name'];
        if (nsName === MONITORING_NAMESPACE) {
          if (peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] !== 'prometheus') fail(np, `ingress from the ${MONITORING_NAMESPACE} namespace must be limited to Prometheus pods`);
        } else if (!isPublic) fail(np, `ingress from another namespace (${nsName ?? JSON.stringify(ns)}): only the ${PUBLIC_APP} takes outside traffic`);
        else if (!peer.podSelector || Object.keys(peer.podSelector.matchLabels ?? {}).length === 0) fail(np, 'ingress from another namespace must name the Ingress controller pods (podSelector)');
      }
    }
  }

  // ---- traces leave every app; Kafka session timeout ----
  const appEnv = (d) => {
    const c = d.spec?.template?.spec?.containers?.[0] ?? {};
    const env = Object.assign({}, ...(c.envFrom ?? []).map((src) => configMaps.get(src.configMapRef?.name)?.data ?? {}));
    for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = String(e.value);
    return env;
  };
  /** Whether a NetworkPolicy egress rule admits TCP to host:port (host: `svc`, `svc.ns`, `svc.ns.svc[.…]` or outside). */
  const egressAllows = (rule, { port, namespace, own, external }) => {
    const ports = rule.ports ?? [];
    const portOk =
      ports.length === 0 ||
      ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port || (Number.isInteger(p.endPort) && p.port <= port && port <= p.endPort)));
    if (!portOk) return false;
    const peers = rule.to ?? [];
    if (peers.length === 0) return true;
    return peers.some((peer) => {
      if (external) return Boolean(peer.ipBlock);
      if (peer.ipBlock) return false;
      const ns = peer.namespaceSelector;
      if (!ns) return namespace === own; // a podSelector alone: the policy's own namespace
      if (Object.keys(ns.matchLabels ?? {}).length === 0 && (ns.matchExpressions ?? []).length === 0) return true; // every namespace
      return ns.matchLabels?.['kubernetes.io/metadata.name'] === namespace;
    });
  };
  for (const d of deployments) {
    const env = appEnv(d);
    if (env.KAFKA_SESSION_TIMEOUT_MS !== undefined) {
      const ms = Number(env.KAFKA_SESSION_TIMEOUT_MS);
      if (!env.KAFKA_BROKERS) fail(d, 'KAFKA_SESSION_TIMEOUT_MS is set, but the app has no KAFKA_BROKERS (it runs no consumer)');
      if (!Number.isInteger(ms) || ms < SESSION_TIMEOUT_MS.min || ms > SESSION_TIMEOUT_MS.max)
        fail(d, `KAFKA_SESSION_TIMEOUT_MS ${env.KAFKA_SESSION_TIMEOUT_MS}: expected an integer ${SESSION_TIMEOUT_MS.min}..${SESSION_TIMEOUT_MS.max} (the brokers refuse less than group.min.session.timeout.ms, 6 s by default)`);
    }
    const exporter = String(env.OTEL_TRACES_EXPORTER ?? '').trim().toLowerCase();
    const sampler = String(env.OTEL_TRACES_SAMPLER ?? '').trim().toLowerCase();
    const ratio = String(env.OTEL_TRACES_SAMPLER_ARG ?? '').trim();
    if (exporter && !OTEL_EXPORTERS.includes(exporter)) fail(d, `OTEL_TRACES_EXPORTER ${env.OTEL_TRACES_EXPORTER}: the app accepts ${OTEL_EXPORTERS.join(', ')}`);
    if (sampler && !OTEL_SAMPLERS.includes(sampler)) fail(d, `OTEL_TRACES_SAMPLER ${env.OTEL_TRACES_SAMPLER}: the app accepts ${OTEL_SAMPLERS.join(', ')}`);
    if (ratio && !(Number(ratio) >= 0 && Number(ratio) <= 1)) fail(d, `OTEL_TRACES_SAMPLER_ARG ${ratio}: expected a ratio between 0 and 1`);
    if (exporter === 'none' || exporter === 'file') continue; // spans deliberately kept in the pod (or nowhere)
    const variable = String(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? '').trim() ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
    const endpoint = String(env[variable] ?? '').trim();
    if (!endpoint) {
      fail(d, 'traces are not exported: OTEL_EXPORTER_OTLP_ENDPOINT not set (ConfigMap); set it, or OTEL_TRACES_EXPORTER=none');
      continue;
    }
    let url;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      fail(d, `${variable} ${endpoint} is not an http:// or https:// URL`);
      continue;
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const parts = url.hostname.split('.');
    const inCluster = !/^[0-9.]+$|^\[/.test(url.hostname) && (parts.length <= 2 || parts[2] === 'svc');
    const own = d.metadata.namespace;
    const target = { port, own, external: !inCluster, namespace: inCluster && parts.length > 1 ? parts[1] : own };
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const egress = policies.filter((np) => matches(np.spec?.podSelector?.matchLabels, labels) && np.spec.policyTypes?.includes('Egress'));
    if (egress.length && !egress.some((np) => (np.spec.egress ?? []).some((rule) => egressAllows(rule, target))))
      fail(d, `OTLP export to ${endpoint} is not allowed by its NetworkPolicies (${egress.map((np) => np.metadata.name).join(', ')}): add an egress rule to ${target.external ? 'that address' : `namespace ${target.namespace}`}, TCP ${port}`);
  }

  // ---- carrier-sync: webhook carriers and their secrets ----
  const carriers = readCarrierCatalog();
  const simulatorDeployed = deployments.some((d) => d.metadata.name === 'carrier-simulator');
  for (const d of deployments.filter((x) => x.metadata.name === 'carrier-sync-service')) {
    const c = d.spec?.template?.spec?.containers?.[0] ?? {};
    const data = Object.assign({}, ...(c.envFrom ?? []).map((src) => configMaps.get(src.configMapRef?.name)?.data ?? {}));
    const codes = String(data.WEBHOOK_CARRIERS ?? '').split(',').filter(Boolean);
    if (codes.length === 0) fail(d, 'WEBHOOK_CARRIERS not set in its ConfigMap');
    if (!(c.envFrom ?? []).some((src) => src.secretRef?.name === 'parcelstream-carrier-webhooks')) fail(d, 'webhook secrets: no envFrom secretRef parcelstream-carrier-webhooks');
    for (const code of codes) {
      if (carriers && !(code in carriers)) fail(d, `WEBHOOK_CARRIERS names ${code}, which is not in the carrier catalog`);
      else if (carriers?.[code] && !simulatorDeployed) fail(d, `WEBHOOK_CARRIERS names the simulated carrier ${code}, but no carrier-simulator is deployed here`);
    }
    if (simulatorDeployed && !/^http:\/\/carrier-simulator:3100\/?$/.test(String(data.CARRIER_API_BASE_URL ?? ''))) fail(d, `CARRIER_API_BASE_URL ${data.CARRIER_API_BASE_URL} is not the carrier simulator`);
  }

  // ---- Kafka topics ----
  const catalog = readTopicCatalog();
  const retry = readRetryConventions();
  const topics = byKind('KafkaTopic');
  // a consumer group per Deployment that talks to Kafka (the group is the service's name)
  const consumerGroups = deployments
    .filter((d) => (d.spec?.template?.spec?.containers?.[0]?.envFrom ?? []).some((src) => configMaps.get(src.configMapRef?.name)?.data?.KAFKA_BROKERS))
    .map((d) => d.metadata.name);
  if (!retry) warnings.push(`${path.relative(ROOT, EVENT_CONSUMER)} not readable: retry and dead-letter KafkaTopics not compared with it`);
  if (!catalog) warnings.push(`topic catalog ${path.relative(ROOT, TOPIC_CATALOG)} not readable: KafkaTopics not compared with it`);
  for (const t of topics) {
    const name = t.spec?.topicName ?? t.metadata?.name;
    if (!t.metadata?.labels?.['strimzi.io/cluster']) fail(t, 'label strimzi.io/cluster missing');
    if (!(t.spec?.partitions > 0)) fail(t, 'spec.partitions missing');
    if (!(t.spec?.replicas > 0)) fail(t, 'spec.replicas missing');
    const retention = Number(t.spec?.config?.['retention.ms']);
    if (!(retention > 0)) fail(t, 'spec.config retention.ms missing');
    const minIsr = Number(t.spec?.config?.['min.insync.replicas'] ?? 1);
    if (minIsr > t.spec?.replicas) fail(t, `min.insync.replicas ${minIsr} above replicas ${t.spec.replicas}`);
    const want = catalog?.[name];
    const groupTopic = /^(.+)\.(retry-(\d+)|dead-letter)\.v1$/.exec(name ?? '');
    if (groupTopic) {
      if (!consumerGroups.includes(groupTopic[1])) fail(t, `topic ${name}: ${groupTopic[1]} is not a consumer group here (${consumerGroups.join(', ')})`);
      if (retry && groupTopic[3] && !(Number(groupTopic[3]) >= 1 && Number(groupTopic[3]) <= retry.tiers)) fail(t, `topic ${name}: libs/messaging has retry tiers 1..${retry.tiers}`);
      if (retry && t.spec?.partitions !== retry.partitions) fail(t, `partitions ${t.spec?.partitions}, libs/messaging declares ${retry.partitions} for retry and dead-letter topics`);
    } else if (catalog && !want) fail(t, `topic ${name} is not in the topic catalog`);
    if (want && want.partitions !== t.spec?.partitions) fail(t, `partitions ${t.spec?.partitions}, catalog says ${want.partitions}`);
    if (want && want.retentionMs !== retention) fail(t, `retention.ms ${retention}, catalog says ${want.retentionMs}`);
  }
  if (catalog) for (const name of Object.keys(catalog)) if (!topics.some((t) => (t.spec?.topicName ?? t.metadata?.name) === name)) problems.push(`catalog topic ${name} has no KafkaTopic`);
  const topicNames = new Set(topics.map((t) => t.spec?.topicName ?? t.metadata?.name));
  if (retry && topics.length)
    for (const g of consumerGroups)
      for (const name of [...Array.from({ length: retry.tiers }, (_, i) => `${g}.retry-${i + 1}.v1`), `${g}.dead-letter.v1`])
        if (!topicNames.has(name)) problems.push(`consumer group ${g}: topic ${name} has no KafkaTopic`);

  return { problems, warnings };
}

/** docker-compose.yml's kafka-init list (`topic:partitions:days`) against the topic catalog. */
function checkComposeTopics(text) {
  const catalog = readTopicCatalog();
  if (!catalog) return { problems: [], warnings: ['topic catalog not readable: kafka-init topics not compared with it'] };
  const problems = [];
  const listed = {};
  for (const m of text.matchAll(/^\s*([a-z0-9.-]+\.v\d+):(\d+):(\d+)\b/gm)) listed[m[1]] = { partitions: Number(m[2]), retentionMs: Number(m[3]) * 86400000 };
  for (const [topic, want] of Object.entries(catalog)) {
    const got = listed[topic];
    if (!got) problems.push(`kafka-init does not create ${topic}`);
    else if (got.partitions !== want.partitions || got.retentionMs !== want.retentionMs)
      problems.push(`kafka-init creates ${topic} with ${got.partitions} partitions / ${got.retentionMs} ms, catalog says ${want.partitions} / ${want.retentionMs} ms`);
  }
  for (const topic of Object.keys(listed)) if (!catalog[topic]) problems.push(`kafka-init creates ${topic}, which is not in the topic catalog`);
  return { problems, warnings: [], count: Object.keys(listed).length };
}

/**
 * Broken variants of a valid rendering, each with the problem the checks must report. `--self-test` proves that
 * a typo, a wrong type or a broken rule fails CI (and that the unmodified rendering passes).
 */
const SELF_TEST_CASES = [
  ['field name typo (contianers)', (objs) => {
    const spec = first(objs, 'Deployment').spec.template.spec;
    spec.contianers = spec.containers;
    delete spec.containers;
  }, 'must have required property containers'],
  ['unknown optional field (readinesProbe)', (objs) => {
    const c = first(objs, 'Deployment').spec.template.spec.containers[0];
    c.readinesProbe = c.readinessProbe;
  }, 'unknown field /spec/template/spec/containers/0/readinesProbe'],
  ['string where an int belongs (replicas)', (objs) => {
    first(objs, 'Deployment').spec.replicas = '1';
  }, '/spec/replicas must be integer'],
  ['string where an int belongs (containerPort)', (objs) => {
    first(objs, 'Deployment').spec.template.spec.containers[0].ports[0].containerPort = '8080';
  }, 'containerPort must be integer'],
  ['unknown field in a NetworkPolicy rule', (objs) => {
    first(objs, 'NetworkPolicy', (np) => (np.spec.egress ?? []).length > 0).spec.egress[0].too = [];
  }, 'unknown field /spec/egress/0/too'],
  ['ConfigMap value that is not a string', (objs) => {
    first(objs, 'ConfigMap').data.PORT = 3001;
  }, '/data/PORT must be string'],
  ['KafkaTopic partitions as a string', (objs) => {
    first(objs, 'KafkaTopic').spec.partitions = '6';
  }, '/spec/partitions must be an integer'],
  ['KafkaTopic unknown spec field', (objs) => {
    first(objs, 'KafkaTopic').spec.retention = '7d';
  }, 'unknown field /spec/retention'],
  ['KafkaTopic partitions differ from the catalog', (objs) => {
    first(objs, 'KafkaTopic').spec.partitions += 1;
  }, 'catalog says'],
  ['a dead-letter topic missing', (objs) => {
    objs.splice(objs.indexOf(first(objs, 'KafkaTopic', (t) => t.spec.topicName === 'order-service.dead-letter.v1')), 1);
  }, 'consumer group order-service: topic order-service.dead-letter.v1 has no KafkaTopic'],
  ['a retry topic with other partitions than libs/messaging', (objs) => {
    first(objs, 'KafkaTopic', (t) => t.spec.topicName === 'tracking-service.retry-2.v1').spec.partitions = 6;
  }, 'libs/messaging declares 3'],
  ['a Secret in the manifests', (objs) => {
    objs.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: first(objs, 'Deployment').metadata.namespace }, stringData: { A: 'b' } });
  }, 'a Secret must not be in the manifests'],
  ['preStop sleep not equal to SHUTDOWN_DELAY_MS', (objs) => {
    first(objs, 'Deployment', (d) => d.metadata.name === 'order-service').spec.template.spec.containers[0].lifecycle.preStop.exec.command = ['sleep', '3'];
  }, 'preStop sleeps 3 s but SHUTDOWN_DELAY_MS is'],
  ['readiness probe missing', (objs) => {
    delete first(objs, 'Deployment').spec.template.spec.containers[0].readinessProbe;
  }, 'readinessProbe missing'],
  ["another service's database Secret", (objs) => {
    const env = first(objs, 'Deployment', (d) => d.metadata.name === 'order-service').spec.template.spec.containers[0].env;
    env.find((e) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.name = 'parcelstream-db-tracking-service';
  }, 'a database Secret belongs to tracking-service only'],
  ['Ingress to a service other than the gateway', (objs) => {
    first(objs, 'Ingress').spec.rules[0].http.paths[0].backend.service = { name: 'order-service', port: { name: 'http' } };
  }, 'only the api-gateway may be exposed'],
  ['a service reachable from the Ingress controller', (objs) => {
    const np = first(objs, 'NetworkPolicy', (x) => x.metadata.name === 'order-service');
    np.spec.ingress.push({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] });
  }, 'only the api-gateway takes outside traffic'],
  ['a LoadBalancer Service', (objs) => {
    first(objs, 'Service', (x) => x.metadata.name === 'order-service').spec.type = 'LoadBalancer';
  }, 'the Ingress is the only way in'],
  ['no egress rule to the OpenTelemetry Collector', (objs) => {
    const np = first(objs, 'NetworkPolicy', (x) => x.metadata.name === 'order-service');
    np.spec.egress = np.spec.egress.filter((rule) => !(rule.ports ?? []).some((p) => p.port === 4318));
  }, 'OTLP export to http://otel-collector.observability.svc:4318 is not allowed by its NetworkPolicies'],
  ['the collector rule names another namespace', (objs) => {
    const np = first(objs, 'NetworkPolicy', (x) => x.metadata.name === 'api-gateway');
    const rule = np.spec.egress.find((r) => (r.ports ?? []).some((p) => p.port === 4318));
    rule.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'monitoring';
  }, 'add an egress rule to namespace observability, TCP 4318'],
  ['an app without a trace export', (objs) => {
    delete first(objs, 'ConfigMap', (c) => c.metadata.labels?.['app.kubernetes.io/name'] === 'tracking-service').data.OTEL_EXPORTER_OTLP_ENDPOINT;
  }, 'traces are not exported: OTEL_EXPORTER_OTLP_ENDPOINT not set'],
  ['a sampler the SDK does not know', (objs) => {
    first(objs, 'ConfigMap', (c) => c.metadata.labels?.['app.kubernetes.io/name'] === 'shipment-service').data.OTEL_TRACES_SAMPLER = 'sometimes';
  }, 'OTEL_TRACES_SAMPLER sometimes'],
  ['a session timeout below the brokers\' minimum', (objs) => {
    first(objs, 'ConfigMap', (c) => c.metadata.labels?.['app.kubernetes.io/name'] === 'carrier-sync-service').data.KAFKA_SESSION_TIMEOUT_MS = '3000';
  }, 'KAFKA_SESSION_TIMEOUT_MS 3000'],
];

/** Broken variants of the rendered compose file, each with the problem checkCompose must report. */
const COMPOSE_SELF_TEST_CASES = [
  ['a service that does not wait for its migration', (c) => delete c.services['order-service'].depends_on['order-service-migrate'], 'order-service does not wait for order-service-migrate'],
  ['the gateway does not wait for Redis', (c) => delete c.services['api-gateway'].depends_on.redis, 'api-gateway does not wait for redis'],
  ['the gateway only waits for a service to start', (c) => (c.services['api-gateway'].depends_on['tracking-service'] = { condition: 'service_started' }), 'api-gateway does not wait for tracking-service (service_healthy)'],
  ['a container without a healthcheck', (c) => delete c.services['shipment-service'].healthcheck, 'shipment-service has no healthcheck'],
  ['caller-identity secrets that differ', (c) => (c.services['carrier-sync-service'].environment.CALLER_IDENTITY_SECRET = 'another-secret-value'), "carrier-sync-service: CALLER_IDENTITY_SECRET differs from the api-gateway's"],
  ['the simulator signs with a secret carrier-sync does not accept', (c) => (c.services['carrier-simulator'].environment.CARRIER_SIM_POST_WEBHOOK_SECRET = 'rotated-new,sim-post-secret'), 'CARRIER_SIM_POST_WEBHOOK_SECRET: carrier-sync-service does not accept'],
  ['the collector the apps export to is gone', (c) => delete c.services['otel-collector'], 'order-service exports its spans to otel-collector, which is not a service here'],
  ['an app without a trace export', (c) => delete c.services['api-gateway'].environment.OTEL_EXPORTER_OTLP_ENDPOINT, 'api-gateway: OTEL_EXPORTER_OTLP_ENDPOINT not set'],
  ['a service waits for the collector to be healthy', (c) => (c.services['order-service'].depends_on['otel-collector'] = { condition: 'service_healthy' }), 'order-service waits for otel-collector to be healthy'],
];

/**
 * A validator's self-test: the unmodified `subject` must pass, and each case (name, a function that breaks a deep
 * copy, a fragment of the problem that must then be reported) must be caught. `problemsOf` is the validator.
 */
function runSelfTest(what, subject, cases, problemsOf) {
  const lines = [];
  let failed = 0;
  const base = problemsOf(subject);
  if (base.length) {
    lines.push(`the unmodified ${what} must pass, but has ${base.length} problem(s):`, ...base.map((p) => `    ${p}`));
    failed++;
  }
  for (const [name, breakIt, expected] of cases) {
    const copy = JSON.parse(JSON.stringify(subject));
    try {
      breakIt(copy);
    } catch (e) {
      failed++;
      lines.push(`FAIL ${name}: cannot apply to this ${what} (${e.message})`);
      continue;
    }
    const problems = problemsOf(copy);
    const hit = problems.find((p) => p.includes(expected));
    if (hit) lines.push(`ok   ${name}: ${hit}`);
    else {
      failed++;
      lines.push(`FAIL ${name}: expected a problem containing "${expected}", got ${problems.length ? problems.join(' | ') : 'none'}`);
    }
  }
  return { lines, failed, total: cases.length };
}

const composeSelfTest = (config) => runSelfTest('compose file', config, COMPOSE_SELF_TEST_CASES, checkCompose);

function first(objects, kind, pred = () => true) {
  const o = objects.find((x) => x.kind === kind && pred(x));
  if (!o) throw new Error(`self-test: the rendering has no ${kind} to break`);
  return o;
}

const selfTest = (objects, opts) => runSelfTest('rendering', objects, SELF_TEST_CASES, (o) => validate(o, opts).problems);

/**
 * The rendered compose file (`docker-compose config`): start order and shared secrets.
 * - every `<x>-migrate` one-shot gates `<x>` (service_completed_successfully);
 * - the api-gateway waits for Redis and every service that has a migration (service_healthy);
 * - every long-running container has a healthcheck (but NO_HEALTHCHECK's, which nothing may wait for as healthy);
 * - every app sends its spans to a service of the stack (OTEL_EXPORTER_OTLP_ENDPOINT; empty: off on purpose);
 * - the caller-identity secret is the same for the gateway and the services, and each carrier webhook secret
 *   the same for the simulator (signing) and carrier-sync (verifying).
 */
function checkCompose(config) {
  const problems = [];
  const svcs = config?.services ?? {};
  const env = (name) => {
    const e = svcs[name]?.environment ?? {};
    return Array.isArray(e) ? Object.fromEntries(e.map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')])) : e;
  };
  const dependsOn = (name) => {
    const d = svcs[name]?.depends_on ?? {};
    return Array.isArray(d) ? Object.fromEntries(d.map((x) => [x, { condition: 'service_started' }])) : d;
  };
  const services = Object.keys(svcs).filter((n) => svcs[`${n}-migrate`]);
  for (const n of services) if (dependsOn(n)[`${n}-migrate`]?.condition !== 'service_completed_successfully') problems.push(`${n} does not wait for ${n}-migrate (service_completed_successfully)`);
  if (!svcs['api-gateway']) problems.push('no api-gateway');
  else
    for (const dep of ['redis', ...services])
      if (dependsOn('api-gateway')[dep]?.condition !== 'service_healthy') problems.push(`api-gateway does not wait for ${dep} (service_healthy)`);
  for (const [n, svc] of Object.entries(svcs)) {
    const oneShot = svc.restart === 'no';
    if (!oneShot && !NO_HEALTHCHECK[n] && (!svc.healthcheck || svc.healthcheck.disable)) problems.push(`${n} has no healthcheck`);
    for (const [dep, { condition } = {}] of Object.entries(dependsOn(n)))
      if (NO_HEALTHCHECK[dep] && condition === 'service_healthy') problems.push(`${n} waits for ${dep} to be healthy, but ${dep} has no healthcheck (${NO_HEALTHCHECK[dep]})`);
    if (!svc.build || oneShot) continue;
    // an app: its traces go to a container of this stack (or elsewhere by URL), unless the export is off on purpose
    const e = env(n);
    const endpoint = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || e.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (endpoint === undefined) problems.push(`${n}: OTEL_EXPORTER_OTLP_ENDPOINT not set (its spans go nowhere; set it empty to mean that)`);
    else if (String(endpoint).trim()) {
      let host;
      try {
        host = new URL(String(endpoint)).hostname;
      } catch {
        problems.push(`${n}: OTEL_EXPORTER_OTLP_ENDPOINT ${endpoint} is not a URL`);
      }
      if (host && !host.includes('.') && host !== 'localhost' && !svcs[host]) problems.push(`${n} exports its spans to ${host}, which is not a service here`);
    }
  }
  const gatewaySecret = env('api-gateway').CALLER_IDENTITY_SECRET;
  if (!gatewaySecret) problems.push('api-gateway: CALLER_IDENTITY_SECRET not set');
  for (const n of services) if (env(n).CALLER_IDENTITY_SECRET !== gatewaySecret) problems.push(`${n}: CALLER_IDENTITY_SECRET differs from the api-gateway's`);
  if (svcs['carrier-simulator']) {
    const sim = env('carrier-simulator');
    const sync = env('carrier-sync-service');
    const keys = Object.keys(sim).filter((k) => /^CARRIER_[A-Z0-9_]+_WEBHOOK_SECRET$/.test(k));
    if (keys.length === 0) problems.push('carrier-simulator: no CARRIER_<CODE>_WEBHOOK_SECRET');
    for (const k of keys) {
      const signing = String(sim[k]).split(',')[0].trim();
      if (!String(sync[k] ?? '').split(',').map((v) => v.trim()).includes(signing)) problems.push(`${k}: carrier-sync-service does not accept the secret the carrier-simulator signs with`);
    }
  }
  return problems;
}

/** Compose services without a healthcheck, and why. */
const NO_HEALTHCHECK = { 'otel-collector': 'its image has no shell or HTTP client to run a probe with' };

/** Metrics that come from outside this code base (the dashboard may use them without a definition here). */
const EXTERNAL_METRICS = {
  kafka_consumergroup_lag: { from: 'Strimzi Kafka Exporter (Kafka spec.kafkaExporter), optional', labels: ['consumergroup', 'topic', 'partition'] },
};
const PROM_CLIENT_DEFAULTS = /^(process|nodejs)_/;
/** Labels the scrape job adds to every series (docs/operations.md §5), and `le` of histogram buckets. */
const SCRAPE_LABELS = /^(namespace|pod|job|instance|app_kubernetes_io_[a-z_]+|le)$/;

/**
 * Metrics defined with prom-client in apps/ and libs/ (`name: '<metric>'` next to a Counter/Gauge/Histogram):
 * name -> its labelNames.
 */
function definedMetrics() {
  const names = new Map();
  const stack = ['apps', 'libs'].map((d) => path.join(ROOT, d)).filter((d) => fs.existsSync(d));
  while (stack.length) {
    const d = stack.pop();
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') stack.push(full);
      } else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) {
        const src = fs.readFileSync(full, 'utf8');
        if (!/new (Counter|Gauge|Histogram|Summary)\b/.test(src)) continue;
        const found = [...src.matchAll(/\bname:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g)];
        found.forEach((m, i) => {
          // the labelNames of the same definition: between this name and the next one
          const body = src.slice(m.index, i + 1 < found.length ? found[i + 1].index : undefined);
          const labels = /\blabelNames:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
          names.set(m[1], new Set([...labels.matchAll(/'([^']+)'/g)].map((l) => l[1])));
        });
      }
    }
  }
  return names;
}

/**
 * A Grafana dashboard JSON: parses; title, uid, schemaVersion, panels; unique panel ids; every panel has a
 * gridPos and PromQL targets with balanced brackets, using only template variables the dashboard declares.
 * Every metric it queries (targets and `label_values(…)` variables) is registered by some app in apps/ or libs/
 * (or is a prom-client default, or a listed external exporter's), and the labels it matches on are that metric's
 * labelNames or the scrape job's (namespace, pod, app_kubernetes_io_*).
 */
function checkDashboard(file) {
  let dash;
  try {
    dash = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return [`${file}: not JSON: ${e.message}`];
  }
  const { problems, used, panelCount } = dashboardProblems(file, dash);
  process.stdout.write(`${file}: ${panelCount} panels, metrics used: ${used.join(', ')}\n`);
  for (const [n, { from }] of Object.entries(EXTERNAL_METRICS)) if (used.includes(n)) process.stdout.write(`  note: ${n} comes from ${from}\n`);
  return problems;
}

function dashboardProblems(file, dash) {
  const problems = [];
  for (const k of ['title', 'uid']) if (typeof dash[k] !== 'string' || !dash[k]) problems.push(`${file}: ${k} missing`);
  if (!Number.isInteger(dash.schemaVersion)) problems.push(`${file}: schemaVersion missing`);
  if (!Array.isArray(dash.panels) || dash.panels.length === 0) problems.push(`${file}: no panels`);
  const vars = new Set(['__rate_interval', '__interval', '__range', ...(dash.templating?.list ?? []).map((v) => v.name)]);
  const ids = new Set();
  /** metric (without _bucket/_count/_sum) -> [{ where, labels matched on }] */
  const used = new Map();
  const use = (where, metric, labels) => {
    const name = metric.replace(/_(bucket|count|sum)$/, '');
    if (!used.has(name)) used.set(name, []);
    used.get(name).push({ where, labels });
  };
  /** metric names and the labels of their `{…}` matchers in a PromQL expression (string literals blanked first) */
  const scan = (where, expr) => {
    const stripped = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const m of stripped.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{([^}]*)\}|(?=\[))/g)) {
      if (['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'].includes(m[1])) continue;
      use(where, m[1], [...(m[3] ?? '').matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)/g)].map((l) => l[1]));
    }
    return stripped;
  };
  for (const v of dash.templating?.list ?? []) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    if (v.type !== 'query' || typeof q !== 'string') continue;
    const lv = /^\s*label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s*,\s*([a-zA-Z_]\w*)\s*\)\s*$/.exec(q);
    if (!lv) {
      problems.push(`${file}: variable $${v.name}: query ${q} is not label_values(<metric>, <label>)`);
      continue;
    }
    scan(`${file}: variable $${v.name}`, `${lv[1]}${lv[2] ?? ''}`);
    use(`${file}: variable $${v.name}`, lv[1], [lv[3]]);
  }
  const panels = (dash.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const p of panels) {
    const where = `${file}: panel ${p.id} "${p.title ?? ''}"`;
    if (!Number.isInteger(p.id) || ids.has(p.id)) problems.push(`${where}: id missing or repeated`);
    ids.add(p.id);
    const g = p.gridPos ?? {};
    if (!['h', 'w', 'x', 'y'].every((k) => Number.isInteger(g[k])) || g.x + g.w > 24) problems.push(`${where}: gridPos invalid`);
    if (p.type === 'row') continue;
    if (!Array.isArray(p.targets) || p.targets.length === 0) problems.push(`${where}: no targets`);
    for (const t of p.targets ?? []) {
      const expr = String(t.expr ?? '');
      if (!expr.trim()) problems.push(`${where}: target ${t.refId} has no expr`);
      const stripped = scan(where, expr);
      for (const [open, close] of ['()', '{}', '[]']) {
        let depth = 0;
        for (const ch of stripped) {
          if (ch === open) depth++;
          else if (ch === close && --depth < 0) break;
        }
        if (depth !== 0) problems.push(`${where}: unbalanced ${open}${close} in ${expr}`);
      }
      for (const m of expr.matchAll(/\$\{?([A-Za-z_]\w*)/g)) if (!vars.has(m[1])) problems.push(`${where}: uses undeclared variable $${m[1]}`);
    }
  }
  const defined = definedMetrics();
  for (const [name, uses] of [...used].sort()) {
    if (PROM_CLIENT_DEFAULTS.test(name)) continue;
    const labels = defined.get(name) ?? (EXTERNAL_METRICS[name] && new Set(EXTERNAL_METRICS[name].labels));
    if (!labels) {
      problems.push(`${uses[0].where}: queries ${name}, which no app registers (apps/, libs/) and no listed exporter provides`);
      continue;
    }
    for (const u of uses)
      for (const l of u.labels)
        if (!labels.has(l) && !SCRAPE_LABELS.test(l)) problems.push(`${u.where}: ${name} has no label ${l} (its labels: ${[...labels].join(', ') || 'none'}, plus the scrape job's)`);
  }
  return { problems, used: [...used.keys()].sort(), panelCount: panels.filter((p) => p.type !== 'row').length };
}

/** Broken variants of the dashboard, each with the problem dashboardProblems must report. */
const DASHBOARD_SELF_TEST_CASES = [
  ["an app metric matched on the exporter's label", (d) => {
    const t = d.panels.find((p) => (p.targets ?? []).some((x) => /messaging_consumer_lag\{/.test(x.expr))).targets[0];
    t.expr = t.expr.replace('group=~', 'consumergroup=~');
  }, 'messaging_consumer_lag has no label consumergroup'],
  ['a metric no app registers', (d) => {
    d.panels.find((p) => p.type !== 'row').targets[0].expr = 'sum(rate(messaging_outbox_relayed_total[5m]))';
  }, 'queries messaging_outbox_relayed_total, which no app registers'],
  ['a variable from a metric no app registers', (d) => {
    const v = d.templating.list.find((x) => x.name === 'group');
    v.query.query = 'label_values(kafka_consumer_lag, group)';
  }, 'queries kafka_consumer_lag, which no app registers'],
  ['an undeclared variable', (d) => {
    const t = d.panels.find((p) => p.type !== 'row').targets[0];
    t.expr = t.expr.replace('$namespace', '$ns');
  }, 'uses undeclared variable $ns'],
];

function dashboardSelfTest(file) {
  const dash = JSON.parse(fs.readFileSync(file, 'utf8'));
  return runSelfTest('dashboard', dash, DASHBOARD_SELF_TEST_CASES, (d) => dashboardProblems(file, d).problems);
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  if (opts.composeTopics) {
    const { problems, warnings, count } = checkComposeTopics(fs.readFileSync(opts.composeTopics, 'utf8'));
    for (const w of warnings) process.stdout.write(`  warning: ${w}\n`);
    for (const p of problems) process.stdout.write(`  - ${p}\n`);
    if (!problems.length) process.stdout.write(`${opts.composeTopics}: kafka-init creates the ${count ?? '?'} catalog topics with their partitions and retention\n`);
    if (opts.files.length === 0) return problems.length ? 1 : 0;
    if (problems.length) return 1;
  }
  const loader = yamlLoader();
  if (opts.composeConfig) {
    if (!loader) {
      process.stderr.write('no YAML parser (see --help)\n');
      return 2;
    }
    const config = loader.loadAll(fs.readFileSync(opts.composeConfig, 'utf8'))[0];
    if (opts.selfTest) {
      const { lines, failed: bad, total } = composeSelfTest(config);
      for (const l of lines) process.stdout.write(`  ${l}\n`);
      process.stdout.write(`compose self-test ${bad ? `FAILED (${bad} of ${total + 1})` : `passed: the compose file is valid and all ${total} broken variants are rejected`}\n`);
      return bad ? 1 : 0;
    }
    const problems = checkCompose(config);
    for (const p of problems) process.stdout.write(`  - ${p}\n`);
    if (!problems.length) process.stdout.write('compose: migrations gate their services, the gateway waits for Redis and the services, every container is health-checked (but the collector: no probe in its image), shared secrets agree, every app exports its spans to the stack\n');
    if (problems.length || opts.files.length === 0) return problems.length ? 1 : 0;
  }
  if (opts.dashboard && opts.selfTest) {
    const { lines, failed: bad, total } = dashboardSelfTest(opts.dashboard);
    for (const l of lines) process.stdout.write(`  ${l}\n`);
    process.stdout.write(`${opts.dashboard}: dashboard self-test ${bad ? `FAILED (${bad} of ${total + 1})` : `passed: the dashboard is valid and all ${total} broken variants are rejected`}\n`);
    return bad ? 1 : 0;
  }
  if (opts.dashboard) {
    const problems = checkDashboard(opts.dashboard);
    for (const p of problems) process.stdout.write(`  - ${p}\n`);
    if (problems.length || opts.files.length === 0) return problems.length ? 1 : 0;
  }
  if (opts.help || opts.files.length === 0) {
    process.stderr.write('usage: validate-manifests.cjs [--expect-replicas N] [--expect-namespace NS] [--forbid-app APP] [--self-test] FILE.yaml [...]\n' +
      '       validate-manifests.cjs --compose-topics docker-compose.yml | --compose-config RENDERED.yaml | --dashboard DASHBOARD.json\n');
    return opts.help ? 0 : 2;
  }
  if (!loader) {
    process.stderr.write('no YAML parser: neither the npm package `yaml` or `js-yaml` (node_modules) nor python3 with PyYAML is available\n');
    return 2;
  }
  let failed = false;
  for (const file of opts.files) {
    let objects;
    try {
      objects = loader.loadAll(fs.readFileSync(file, 'utf8')).filter((o) => o !== null && o !== undefined);
    } catch (e) {
      process.stderr.write(`${file}: cannot parse: ${e.message}\n`);
      failed = true;
      continue;
    }
    if (opts.selfTest) {
      const { lines, failed: bad, total } = selfTest(objects, opts);
      for (const l of lines) process.stdout.write(`  ${l}\n`);
      process.stdout.write(`${file}: self-test ${bad ? `FAILED (${bad} of ${total + 1})` : `passed: the unmodified rendering is valid and all ${total} broken variants are rejected`}\n`);
      if (bad) failed = true;
      continue;
    }
    const { problems, warnings } = validate(objects, opts);
    const kinds = {};
    for (const o of objects) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
    const summary = Object.entries(kinds)
      .sort()
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    for (const w of warnings) process.stdout.write(`  warning: ${w}\n`);
    if (problems.length) {
      failed = true;
      process.stdout.write(`${file}: ${problems.length} problem(s) in ${objects.length} objects (${summary})\n`);
      for (const p of problems) process.stdout.write(`  - ${p}\n`);
    } else {
      process.stdout.write(`${file}: ${objects.length} objects OK [parser: ${loader.name}] (${summary})\n`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
module.exports = { validate, readTopicCatalog, checkComposeTopics };
