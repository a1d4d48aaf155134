#!/usr/bin/env node
/**
 * npm start — the local platform on this machine, without Docker: the project's own Kafka broker (instance
 * `dev`, 127.0.0.1:9092), the machine's PostgreSQL (or DATABASE_ADMIN_URL), roles/schemas/migrations, and
 * every service that exists so far, each with its own database role. Ctrl-C stops everything cleanly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const kafka = require(path.join(root, 'tools/kafka/local-kafka.cjs'));
const { setupDatabase } = require(path.join(root, 'tools/db/database-setup.cjs'));

const SERVICES = [
  { app: 'order-service', port: 3001 },
  { app: 'shipment-service', port: 3002 },
  { app: 'carrier-sync-service', port: 3003 },
  { app: 'tracking-service', port: 3004 },
].filter((s) => existsSync(path.join(root, 'apps', s.app)));
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 8080);

// traces: to a collector when the user names one, else JSON lines under .traces/ for `npm run traces`
const TRACES_DIR = path.join(root, '.traces');
const tracesToFile = !process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && !process.env.OTEL_TRACES_EXPORTER;
const tracingEnv = (app) => (tracesToFile ? { OTEL_TRACES_FILE: path.join(TRACES_DIR, `${app}.jsonl`) } : {});
const step = (msg) => process.stdout.write(`\x1b[36m▸\x1b[0m ${msg}\n`);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_USE_LOCAL: 'true', SCARF_ANALYTICS: 'false' };

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (rc ${r.status})`);
}

async function waitReady(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

async function main() {
  step('building the services (webpack)');
  run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...SERVICES.map((s) => s.app), 'api-gateway', '--output-style=static']);
  step('Kafka: the local broker "dev" on 127.0.0.1:9092');
  const broker = await kafka.start({ name: 'dev' });
  step('PostgreSQL: database, roles, schemas, migrations');
  const urls = await setupDatabase({ log: (l) => process.stdout.write(`  ${l}\n`) });
  for (const s of SERVICES) {
    run(process.execPath, [path.join(root, 'dist/apps', s.app, 'migrate.js')], { DATABASE_URL: urls[s.app] });
  }
  const children = [];
  for (const s of SERVICES) {
    step(`starting ${s.app} on :${s.port}`);
    const child = spawn(process.execPath, [path.join(root, 'dist/apps', s.app, 'main.js')], {
      cwd: root,
      env: { ...env, PORT: String(s.port), DATABASE_URL: urls[s.app], KAFKA_BROKERS: broker.brokers, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...tracingEnv(s.app) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push({ ...s, child });
  }
  await Promise.all(children.map((c) => waitReady(`http://127.0.0.1:${c.port}/health/ready`, c.child)));
  step(`starting api-gateway on :${GATEWAY_PORT}`);
  const gateway = spawn(process.execPath, [path.join(root, 'dist/apps/api-gateway/main.js')], {
    cwd: root,
    env: { ...env, GATEWAY_PORT: String(GATEWAY_PORT), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ...tracingEnv('api-gateway') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push({ app: 'api-gateway', port: GATEWAY_PORT, child: gateway });
  await waitReady(`http://127.0.0.1:${GATEWAY_PORT}/health/ready`, gateway);
  const { devToken } = await import('./token.mjs');
  const buyerToken = await devToken({ role: 'buyer', sub: 'demo-buyer' });
  process.stdout.write('\nParcelstream is running:\n');
  for (const c of children) process.stdout.write(`  ${c.app.padEnd(22)} http://127.0.0.1:${c.port}  (/docs, /health/ready, /metrics)\n`);
  process.stdout.write(`  kafka                  ${broker.brokers}\n`);
  process.stdout.write(`\n  public API   http://127.0.0.1:${GATEWAY_PORT}/v1   (OpenAPI: http://127.0.0.1:${GATEWAY_PORT}/docs)\n`);
  process.stdout.write(`  buyer token  ${buyerToken}\n               (more: npm run token -- --role seller --sub s-1 --seller-id s-1)\n`);
  process.stdout.write(
    tracesToFile
      ? `  traces       ${TRACES_DIR}/<service>.jsonl   (follow a parcel: npm run traces -- <shipmentId | trackingNumber | orderNumber | traceId>)\n`
      : `  traces       sent by OTLP (${process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? process.env.OTEL_TRACES_EXPORTER})\n`,
  );
  process.stdout.write(`\nCtrl-C stops everything.\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    step('stopping services (graceful), then Kafka');
    await Promise.all(children.map((c) => new Promise((r) => (c.child.exitCode !== null ? r() : (c.child.once('exit', r), c.child.kill('SIGTERM'))))));
    await kafka.stop({ name: 'dev' });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(async (e) => {
  console.error(`start failed: ${e.message}`);
  process.exit(1);
});
