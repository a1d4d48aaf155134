'use strict';
/**
 * The platform under fuzzing: a database of its own (tools/db roles and schemas, each service its own role),
 * every built service's migrations, then the four built services and the built gateway as processes on the
 * fuzzer's ports, over the given Kafka brokers. Each service consumes in a group of its own
 * (KAFKA_CONSUMER_GROUP `<app>-fuzz-<run>`), whose offsets are set to the end of the platform's topics before
 * it starts: what other runs left on a shared broker does not flow into this database. `stop()` ends the
 * processes (SIGTERM), drops the database and deletes the run's consumer groups and the retry and
 * dead-letter topics its services created.
 */
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync } = require('node:fs');
const path = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const { setupDatabase, urlFor, DEFAULT_ADMIN_URL } = require('../db/database-setup.cjs');
const { SERVICES } = require('../db/services.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
const APPS = ['order-service', 'shipment-service', 'carrier-sync-service', 'tracking-service'];

function builtMain(app, file = 'main.js') {
  const main = path.join(ROOT, 'dist', 'apps', app, file);
  if (!existsSync(main)) throw new Error(`${path.relative(ROOT, main)} is missing: build first (npx nx run-many -t build -p ${[...APPS, 'api-gateway'].join(' ')})`);
  return main;
}

async function waitReady(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url}: the process exited (${child.exitCode ?? child.signalCode}):\n${output.slice(-30).join('\n')}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function startApp(app, env, readyUrl, timeoutMs) {
  const child = spawn(process.execPath, [builtMain(app)], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (d) => {
    output.push(...d.toString().split('\n').filter(Boolean));
    if (output.length > 2000) output.splice(0, output.length - 1000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    app,
    child,
    output,
    ready: waitReady(readyUrl, child, output, timeoutMs),
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** the platform's topics (libs/contracts/src/topics/topic-catalog.ts) */
const PLATFORM_TOPICS = ['orders.order.events.v1', 'shipments.shipment.events.v1', 'carrier.registration.events.v1', 'carrier.tracking-events.normalized.v1', 'tracking.shipment.status.v1'];

/** Commits, for each new group, the current end of every platform topic that exists. */
async function startGroupsAtTheEnd(admin, groups) {
  const existing = new Set(await admin.listTopics());
  for (const topic of PLATFORM_TOPICS.filter((t) => existing.has(t))) {
    const ends = await admin.fetchTopicOffsets(topic);
    for (const groupId of groups) await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  }
}

/** The run's consumer groups (each with its `.retry` member group) and the retry and dead-letter topics its services made. */
async function removeKafkaLeftovers(admin, groups) {
  const mine = (await admin.listTopics()).filter((t) => groups.some((g) => t.startsWith(`${g}.retry-`) || t === `${g}.dead-letter.v1`));
  if (mine.length) await admin.deleteTopics({ topics: mine, timeout: 10_000 }).catch(() => undefined);
  const listed = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  const ours = groups.flatMap((g) => [g, `${g}.retry`]).filter((g) => listed.has(g));
  if (ours.length) await admin.deleteGroups(ours).catch(() => undefined);
}

/**
 * @param {{ basePort: number, brokers: string, jwtSecret: string, run: string, adminUrl?: string, log?: (l: string) => void }} o
 */
async function startPlatform({ basePort, brokers, jwtSecret, run, adminUrl = process.env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL, log = () => undefined }) {
  const database = `parcelstream_fuzz_${randomBytes(4).toString('hex')}`;
  const groupOf = (app) => `${app}-fuzz-${run}`;
  const kafkaAdmin = new Kafka({ clientId: `fuzz-platform-${run}`, brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await kafkaAdmin.connect();
  await startGroupsAtTheEnd(kafkaAdmin, APPS.map(groupOf));
  const urls = await setupDatabase({ adminUrl, database });
  log(`database ${database}: a role and a schema per service`);
  const running = [];
  const platform = {
    database,
    adminDatabaseUrl: urlFor(adminUrl, database),
    schemas: SERVICES.map((s) => s.schema),
    gatewayUrl: `http://127.0.0.1:${basePort}`,
    serviceUrls: {},
    processes: running,
    async stop() {
      await Promise.all(running.map((p) => p.stop()));
      await removeKafkaLeftovers(kafkaAdmin, APPS.map(groupOf)).catch(() => undefined);
      await kafkaAdmin.disconnect().catch(() => undefined);
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.end();
      }
    },
  };
  try {
    for (const app of APPS) {
      const r = spawnSync(process.execPath, [builtMain(app, 'migrate.js')], { env: { ...process.env, DATABASE_URL: urls[app] }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${app} migrations failed:\n${r.stdout}\n${r.stderr}`);
    }
    log('migrations applied, each with its service role');
    const common = { KAFKA_BROKERS: brokers, LOG_LEVEL: process.env.FUZZ_LOG_LEVEL || 'warn' };
    const extra = {
      // no carrier API behind it: registration and polling workers stay off (webhook intake, consumers, ops queries run)
      'carrier-sync-service': { BACKGROUND_WORKERS: 'off', CARRIER_API_BASE_URL: 'http://127.0.0.1:9' },
    };
    APPS.forEach((app, i) => {
      const port = basePort + 1 + i;
      platform.serviceUrls[app] = `http://127.0.0.1:${port}`;
      running.push(startApp(app, { ...common, ...extra[app], PORT: String(port), DATABASE_URL: urls[app], KAFKA_CONSUMER_GROUP: groupOf(app) }, `http://127.0.0.1:${port}/health/ready`, 90_000));
    });
    await Promise.all(running.map((p) => p.ready));
    log(`services ready on :${basePort + 1}-${basePort + APPS.length}`);
    const gateway = startApp(
      'api-gateway',
      {
        LOG_LEVEL: common.LOG_LEVEL,
        GATEWAY_PORT: String(basePort),
        AUTH_JWT_SECRET: jwtSecret,
        ORDER_SERVICE_URL: platform.serviceUrls['order-service'],
        SHIPMENT_SERVICE_URL: platform.serviceUrls['shipment-service'],
        CARRIER_SYNC_SERVICE_URL: platform.serviceUrls['carrier-sync-service'],
        TRACKING_SERVICE_URL: platform.serviceUrls['tracking-service'],
        // the fuzzer is one client sending thousands of requests: limits would turn most of them into 429s
        RATE_LIMIT_ANONYMOUS: '10000000',
        RATE_LIMIT_WEBHOOKS: '10000000',
        RATE_LIMIT_AUTHENTICATED: '10000000',
      },
      `${platform.gatewayUrl}/health/ready`,
      60_000,
    );
    running.push(gateway);
    await gateway.ready;
    log(`api-gateway ready on :${basePort}`);
    return platform;
  } catch (e) {
    await platform.stop().catch(() => undefined);
    throw e;
  }
}

module.exports = { startPlatform, APPS, PLATFORM_TOPICS };
