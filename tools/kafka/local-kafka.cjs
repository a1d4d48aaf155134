'use strict';
/**
 * A real Apache Kafka broker (KRaft, single node) run from its Maven Central jars, without Docker.
 * Used by the CLI (kafka.cjs), the test runner, libs/testing and the dev stack.
 *
 * One broker = one named instance under <root>/.kafka/instances/<name>/ with its own ports, data, logs,
 * cluster id and pid file, so that several instances (dev, test, chaos) run side by side.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const KAFKA_VERSION = '4.1.1';
const ROOT = path.resolve(__dirname, '..', '..');
const TOOL_DIR = __dirname;
const STATE_DIR = process.env.KAFKA_HOME_DIR || path.join(ROOT, '.kafka');
const JARS_DIR = path.join(STATE_DIR, 'jars');
const VERSION_MARKER = path.join(JARS_DIR, '.installed-version');

/** Well-known instances; any other name needs explicit ports. */
const PRESETS = {
  dev: { port: 9092, controllerPort: 9093 },
  test: { port: 19092, controllerPort: 19093 },
  chaos: { port: 29092, controllerPort: 29093 },
};

function log(msg) {
  if (process.env.KAFKA_QUIET !== '1') process.stderr.write(`[local-kafka] ${msg}\n`);
}

function jarsInstalled() {
  return fs.existsSync(VERSION_MARKER) && fs.readFileSync(VERSION_MARKER, 'utf8').trim() === KAFKA_VERSION;
}

/** Fetches the broker jars with Maven (offline first: a warm ~/.m2 needs no network). */
function install({ force = false } = {}) {
  if (!force && jarsInstalled()) return JARS_DIR;
  fs.rmSync(JARS_DIR, { recursive: true, force: true }); // stale jars of another version would load too
  fs.mkdirSync(JARS_DIR, { recursive: true });
  const args = ['-B', '-q', '-f', path.join(TOOL_DIR, 'pom.xml'), 'dependency:copy-dependencies', `-Djars.dir=${JARS_DIR}`];
  let r = spawnSync('mvn', ['-o', ...args], { stdio: 'pipe', encoding: 'utf8' });
  if (r.status !== 0) {
    log('jars not in the local Maven repository yet: downloading Apache Kafka ' + KAFKA_VERSION);
    r = spawnSync('mvn', args, { stdio: 'inherit', encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mvn dependency:copy-dependencies failed (rc ${r.status})`);
  }
  const jars = fs.readdirSync(JARS_DIR).filter((f) => f.endsWith('.jar'));
  if (!jars.some((j) => j.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) throw new Error('kafka_2.13 jar missing after install');
  fs.writeFileSync(VERSION_MARKER, KAFKA_VERSION + '\n');
  log(`installed ${jars.length} jars into ${path.relative(ROOT, JARS_DIR)}`);
  return JARS_DIR;
}

function instanceConfig(opts = {}) {
  const name = opts.name || process.env.KAFKA_INSTANCE || 'dev';
  const preset = PRESETS[name] || {};
  const port = Number(opts.port || process.env.KAFKA_PORT || preset.port);
  const controllerPort = Number(opts.controllerPort || process.env.KAFKA_CONTROLLER_PORT || preset.controllerPort || port + 1);
  if (!port) throw new Error(`instance "${name}" has no preset: give --port`);
  const dir = path.resolve(opts.dir || path.join(STATE_DIR, 'instances', name));
  return {
    name,
    port,
    controllerPort,
    dir,
    dataDir: path.join(dir, 'data'),
    logsDir: path.join(dir, 'logs'),
    pidFile: path.join(dir, 'broker.pid'),
    propsFile: path.join(dir, 'server.properties'),
    clusterIdFile: path.join(dir, 'cluster-id'),
    heap: opts.heap || process.env.KAFKA_HEAP || '512m',
    partitions: Number(opts.partitions || process.env.KAFKA_NUM_PARTITIONS || 6),
    brokers: `127.0.0.1:${port}`,
  };
}

function classpath() {
  return `${JARS_DIR}/*`; // passed as one argv entry: never shell-expanded
}

function java(args, opts = {}) {
  return spawnSync('java', ['-cp', classpath(), ...args], { encoding: 'utf8', ...opts });
}

function writeProperties(cfg) {
  const props = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${cfg.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${cfg.port},CONTROLLER://127.0.0.1:${cfg.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${cfg.port}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${cfg.dataDir}`,
    `num.partitions=${cfg.partitions}`,
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // must be more than 1 MiB; the default would take 128 MiB of heap
    'log.cleaner.dedupe.buffer.size=2097152',
    'log.retention.hours=168',
    '',
  ];
  fs.writeFileSync(cfg.propsFile, props.join('\n'));
}

function readPid(cfg) {
  try {
    const pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim());
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function describeCluster(brokers) {
  // kafkajs is a dependency of the workspace; resolve it from the project root
  const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [ROOT] }));
  const admin = new Kafka({ clientId: 'local-kafka-probe', brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    return await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the broker if it is not running; resolves once it answers describeCluster.
 * Returns { brokers, pid, alreadyRunning, ... }.
 */
async function start(opts = {}) {
  const cfg = instanceConfig(opts);
  fs.mkdirSync(cfg.dir, { recursive: true });
  // several test runners may ask for the same instance at once: one starts it, the others wait and reuse it
  const release = await lock(path.join(cfg.dir, 'start.lock'));
  try {
    return await startLocked(cfg, opts);
  } finally {
    release();
  }
}

async function lock(file, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(file, 'utf8') || 0);
      if (!alive(holder)) fs.rmSync(file, { force: true });
      else if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${file} (held by pid ${holder})`);
      else await sleep(200);
    }
  }
}

async function startLocked(cfg, opts) {
  install();
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  fs.mkdirSync(cfg.logsDir, { recursive: true });

  const existing = readPid(cfg);
  if (alive(existing)) {
    await waitReady(cfg, existing, opts.timeoutMs);
    return { ...cfg, pid: existing, alreadyRunning: true };
  }
  if (await portOpen(cfg.port)) throw new Error(`port ${cfg.port} is taken by another process (instance "${cfg.name}" is not running)`);

  writeProperties(cfg);
  if (!fs.existsSync(cfg.clusterIdFile)) {
    const r = java(['kafka.tools.StorageTool', 'random-uuid']);
    if (r.status !== 0) throw new Error('StorageTool random-uuid failed: ' + r.stderr);
    fs.writeFileSync(cfg.clusterIdFile, r.stdout.trim().split('\n').pop() + '\n');
  }
  const clusterId = fs.readFileSync(cfg.clusterIdFile, 'utf8').trim();
  const fmt = java(['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', cfg.propsFile, '--ignore-formatted']);
  if (fmt.status !== 0) throw new Error(`StorageTool format failed: ${fmt.stdout}\n${fmt.stderr}`);

  const serverLog = path.join(cfg.logsDir, 'server.log');
  fs.rmSync(serverLog, { force: true });
  const out = fs.openSync(path.join(cfg.logsDir, 'stdout.log'), 'a');
  const child = spawn(
    'java',
    [
      `-Xms256m`,
      `-Xmx${cfg.heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${path.join(TOOL_DIR, 'log4j2.xml')}`,
      `-Dkafka.logs.dir=${cfg.logsDir}`,
      '-cp',
      classpath(),
      'kafka.Kafka',
      cfg.propsFile,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(cfg.pidFile, String(child.pid) + '\n');
  log(`starting "${cfg.name}" on ${cfg.brokers} (controller ${cfg.controllerPort}, pid ${child.pid})`);
  await waitReady(cfg, child.pid, opts.timeoutMs);
  return { ...cfg, pid: child.pid, alreadyRunning: false };
}

async function waitReady(cfg, pid, timeoutMs = 90_000) {
  const serverLog = path.join(cfg.logsDir, 'server.log');
  const started = Date.now();
  for (;;) {
    if (!alive(pid)) {
      throw new Error(
        `broker "${cfg.name}" exited during start-up:\n${tail(serverLog)}\n${tail(path.join(cfg.logsDir, 'stdout.log'), 10)}`,
      );
    }
    let logSaysStarted = false;
    try {
      logSaysStarted = fs.readFileSync(serverLog, 'utf8').includes('Kafka Server started');
    } catch {
      /* not yet written */
    }
    if (logSaysStarted) {
      try {
        await describeCluster(cfg.brokers);
        log(`"${cfg.name}" ready on ${cfg.brokers} after ${Date.now() - started} ms`);
        return;
      } catch {
        /* metadata not served yet */
      }
    }
    if (Date.now() - started > timeoutMs) throw new Error(`broker "${cfg.name}" not ready after ${timeoutMs} ms:\n${tail(serverLog)}`);
    await sleep(200);
  }
}

/** SIGTERM, then SIGKILL after the grace period. `kill: true` skips straight to SIGKILL (chaos). */
async function stop(opts = {}) {
  const cfg = instanceConfig(opts);
  const pid = readPid(cfg);
  if (!alive(pid)) {
    fs.rmSync(cfg.pidFile, { force: true });
    return { ...cfg, stopped: false };
  }
  process.kill(pid, opts.kill ? 'SIGKILL' : 'SIGTERM');
  const deadline = Date.now() + (opts.graceMs ?? 30_000);
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) {
    log(`"${cfg.name}" did not stop in time: SIGKILL`);
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(50);
  }
  fs.rmSync(cfg.pidFile, { force: true });
  log(`"${cfg.name}" stopped`);
  return { ...cfg, stopped: true };
}

function status(opts = {}) {
  const cfg = instanceConfig(opts);
  const pid = readPid(cfg);
  return { ...cfg, pid, running: alive(pid) };
}

/** Removes an instance's data (it must be stopped). */
function reset(opts = {}) {
  const cfg = instanceConfig(opts);
  if (alive(readPid(cfg))) throw new Error(`instance "${cfg.name}" is running: stop it first`);
  fs.rmSync(cfg.dir, { recursive: true, force: true });
  return cfg;
}

module.exports = { KAFKA_VERSION, PRESETS, install, start, stop, status, reset, instanceConfig, describeCluster };
