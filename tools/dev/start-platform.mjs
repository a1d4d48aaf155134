#!/usr/bin/env node
/**
 * npm start — the whole platform on this machine, without Docker: the project's own Kafka broker (instance
 * `dev`, 127.0.0.1:9092, or KAFKA_BROKERS), the machine's PostgreSQL (or DATABASE_ADMIN_URL) with one role and
 * schema per service and their migrations, the four services, the carrier simulator and the gateway; then demo
 * data through the public API. Prints the URLs and a buyer token. Ctrl-C stops everything cleanly.
 *
 * Environment: KAFKA_BROKERS (use a running broker), DATABASE_ADMIN_URL, DATABASE_NAME (default
 * parcelstream), PARCELSTREAM_PORT_OFFSET (shift every port), GATEWAY_PORT, LOG_LEVEL (default warn here),
 * SEED_DEMO=off (no demo data), SKIP_BUILD=1 (use dist/ as it is).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { appEnv, appUrl, hasApp, PORTS, root, SERVICES, spawnApp, waitReady } from './platform-apps.mjs';
import { Progress } from './progress.mjs';
import { seedDemo } from './seed-demo.mjs';

const require = createRequire(import.meta.url);
const kafka = require(path.join(root, 'tools/kafka/local-kafka.cjs'));
const { setupDatabase } = require(path.join(root, 'tools/db/database-setup.cjs'));

process.env.LOG_LEVEL ??= 'warn';
process.env.KAFKA_QUIET ??= '1'; // the progress display says what the broker tooling does
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_USE_LOCAL: 'true', SCARF_ANALYTICS: 'false' };
const simulator = hasApp('carrier-simulator') ? ['carrier-simulator'] : [];
const APPS = [...SERVICES, ...simulator, 'api-gateway'];

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (rc ${r.status}):\n${(r.stdout + r.stderr).split('\n').slice(-30).join('\n')}`);
  return r.stdout;
}

const children = [];
let broker;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping: gateway first, then the simulator and the services (graceful), then Kafka\n');
  for (const group of [['api-gateway'], simulator, SERVICES]) {
    await Promise.all(
      children
        .filter((c) => group.includes(c.app))
        .map((c) => new Promise((resolve) => (c.child.exitCode !== null ? resolve() : (c.child.once('exit', resolve), c.child.kill('SIGTERM'))))),
    );
  }
  if (broker && !broker.alreadyRunning && !process.env.KAFKA_BROKERS) await kafka.stop({ name: 'dev' });
  process.stdout.write('stopped\n');
  process.exit(code);
}

async function main() {
  const progress = new Progress(5 + APPS.length + (process.env.SEED_DEMO === 'off' ? 0 : 1));
  await progress.step('building the apps (webpack, cached by Nx)', async () => {
    if (process.env.SKIP_BUILD !== '1') run('npx', ['nx', 'run-many', '-t', 'build', '-p', ...APPS, '--output-style=static']);
  });
  await progress.step('Kafka broker jars (Maven, first run only)', async () => {
    if (!process.env.KAFKA_BROKERS) await kafka.install();
  });
  broker = await progress.step(process.env.KAFKA_BROKERS ? `Kafka at ${process.env.KAFKA_BROKERS}` : 'Kafka: the local broker "dev" on 127.0.0.1:9092', async () =>
    process.env.KAFKA_BROKERS ? { brokers: process.env.KAFKA_BROKERS, alreadyRunning: true } : kafka.start({ name: 'dev' }),
  );
  const databaseUrls = await progress.step('PostgreSQL: database, roles and schemas', () =>
    setupDatabase({ log: () => undefined }),
  );
  await progress.step('migrations', async (detail) => {
    for (const app of SERVICES) {
      detail(app);
      run(process.execPath, [path.join(root, 'dist/apps', app, 'migrate.js')], { DATABASE_URL: databaseUrls[app] });
    }
  });
  const logLine = (app, line) => {
    if (!stopping) process.stdout.write(`\x1b[2m${app.padEnd(21)}\x1b[0m ${line}\n`);
  };
  for (const group of [SERVICES, simulator, ['api-gateway']]) {
    await Promise.all(
      group.map((app) =>
        progress.step(`${app} on :${PORTS[app]}`, async () => {
          const child = spawnApp(app, appEnv(app, { brokers: broker.brokers, databaseUrls }), logLine);
          children.push({ app, child });
          child.once('exit', (code, signal) => {
            if (!stopping) {
              process.stderr.write(`${app} exited (${signal ?? code}); stopping the platform\n`);
              void stop(1);
            }
          });
          await waitReady(app, child);
        }),
      ),
    );
  }
  const gateway = appUrl('api-gateway');
  const demo =
    process.env.SEED_DEMO === 'off'
      ? undefined
      : await progress.step('demo data through the public API', (detail) => seedDemo(gateway, { log: detail }));
  const { devToken } = await import('./token.mjs');
  const buyerToken = demo?.buyerToken ?? (await devToken({ role: 'buyer', sub: 'demo-buyer', ttlSeconds: 86_400 }));

  const out = [];
  out.push('', 'Parcelstream is running:');
  for (const app of APPS) out.push(`  ${app.padEnd(22)} ${appUrl(app)}  (/health/ready, /metrics${app === 'carrier-simulator' ? ', /control/journeys' : ', /docs'})`);
  out.push(`  kafka                  ${broker.brokers}`);
  out.push('', `  public API      ${gateway}/v1      OpenAPI: ${gateway}/docs`, `  tracking page   ${gateway}/track`);
  if (demo) {
    out.push(`  demo orders     ${demo.orders.map((o) => `${o.orderNumber} (${o.buyer})`).join(', ')}`);
    if (demo.waybills.length) out.push(`  demo waybills   ${demo.waybills.join(', ')}  (PLATFORM-model numbers: GET /v1/orders/<n>)`);
  }
  out.push(`  buyer token     ${buyerToken}`);
  out.push('                  (as demo-buyer; more: npm run token -- --role seller --sub user-demo-seller-1 --seller-id demo-seller-1)');
  out.push(`  try             curl -H "authorization: Bearer $TOKEN" ${gateway}/v1/orders`, '', 'Ctrl-C stops everything.', '');
  process.stdout.write(out.join('\n'));
  process.stdout.write('\nplatform ready\n');
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch(async (e) => {
  process.stderr.write(`start failed: ${e.message}\n`);
  await stop(1);
});
