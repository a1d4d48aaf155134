#!/usr/bin/env node
/**
 * npm run chaos [-- --quick] — the whole built platform on ports of its own, with a private PostgreSQL
 * cluster and a private Kafka broker, under a load of carrier webhooks from the simulator, while services are
 * SIGKILLed, the broker stops (cleanly and SIGKILL) and PostgreSQL goes away for 30 s; then a checker compares
 * what the simulator saw accepted with what the platform shows. See docs/reliability.md.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { BenchRun, ROOT, log, sleep } from '../bench/lib/bench-run.mjs';
import { parseFlags } from '../bench/lib/flags.mjs';
import { printTable, fmt } from '../bench/lib/report.mjs';
import { PrivatePostgres } from './private-postgres.mjs';
import { SupervisedApp } from './supervised-app.mjs';
import { checkShipment, summarize, verdictLine } from './checker.mjs';
import { createLoad } from './load-driver.mjs';
import { consumerLag } from './consumer-lag.mjs';
import { planFaults, seededRandom } from './fault-plan.mjs';

const require = createRequire(import.meta.url);
const kafka = require(path.join(ROOT, 'tools/kafka/local-kafka.cjs'));

const flags = parseFlags(
  process.argv.slice(2),
  {
    quick: { type: 'bool', default: false, help: 'the CI profile: 10,000 events, one fault of each kind' },
    events: { type: 'int', default: 0, min: 10, help: 'about how many carrier events (0: 100,000; --quick 10,000)' },
    'events-per-shipment': { type: 'int', default: 10, min: 1, help: 'the simulator journeys’ average, to size the shipments' },
    window: { type: 'int', default: 0, min: 10, help: 'seconds of load and faults (0: 600; --quick 150)' },
    kills: { type: 'int', default: 0, min: 1, help: 'SIGKILLs per process (0: 3; --quick 1)' },
    'pg-outage': { type: 'int', default: 30, min: 1, help: 'seconds PostgreSQL is away' },
    seed: { type: 'string', default: 'chaos', help: 'seeds the fault plan and the simulator' },
    'base-port': { type: 'int', default: 29180, min: 1024, help: 'gateway; services +1…+4, simulator +10, PostgreSQL +20, broker +30/+31' },
  },
  { usage: 'usage: npm run chaos -- [--quick] [flags]' },
);
const quick = flags.quick;
const events = flags.events || (quick ? 10_000 : 100_000);
const shipments = Math.max(1, Math.round(events / flags['events-per-shipment']));
const windowS = flags.window || (quick ? 150 : 600);
const kills = flags.kills || (quick ? 1 : 3);
const base = flags['base-port'];
const SERVICES = ['order-service', 'shipment-service', 'carrier-sync-service', 'tracking-service'];
const PORTS = { 'api-gateway': base, 'order-service': base + 1, 'shipment-service': base + 2, 'carrier-sync-service': base + 3, 'tracking-service': base + 4, 'carrier-simulator': base + 10 };
const url = (app) => `http://127.0.0.1:${PORTS[app]}`;
const broker = { name: 'chaos', port: base + 30, controllerPort: base + 31 };
// a simulated journey lasts about eight days; it should last about a third of the window
const timeScale = Math.round((8 * 24 * 3600) / (windowS / 3));

const run = new BenchRun('chaos');
await run.main(async () => {
  const started = Date.now();
  const at = () => ((Date.now() - started) / 1000).toFixed(1);

  log(`private PostgreSQL on 127.0.0.1:${base + 20}`);
  const pg = new PrivatePostgres({ port: base + 20 });
  run.defer('private PostgreSQL', () => pg.destroy());
  pg.init();
  pg.start();
  run.adminUrl = pg.adminUrl;
  const brokers = await run.broker(broker);
  const { urls } = await run.database('chaos');
  for (const app of SERVICES) run.migrate(app, urls[app]);

  const common = { KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn', OTEL_TRACES_EXPORTER: 'none' };
  const apps = {};
  const add = (app, env, opts = {}) => {
    apps[app] = new SupervisedApp({ root: ROOT, app, port: PORTS[app], env: { ...common, ...env }, ...opts });
    run.defer(app, () => apps[app].stop());
    return apps[app];
  };
  add('order-service', { DATABASE_URL: urls['order-service'] });
  add('shipment-service', { DATABASE_URL: urls['shipment-service'] });
  add('carrier-sync-service', { DATABASE_URL: urls['carrier-sync-service'], CARRIER_API_BASE_URL: url('carrier-simulator'), REGISTRATION_BACKOFF_MS: '500' });
  add('tracking-service', { DATABASE_URL: urls['tracking-service'] });
  add(
    'api-gateway',
    {
      ORDER_SERVICE_URL: url('order-service'),
      SHIPMENT_SERVICE_URL: url('shipment-service'),
      CARRIER_SYNC_SERVICE_URL: url('carrier-sync-service'),
      TRACKING_SERVICE_URL: url('tracking-service'),
      // the run is one client on one IP: the limits would turn its load into 429s
      RATE_LIMIT_AUTHENTICATED: '100000000',
      RATE_LIMIT_ANONYMOUS: '100000000',
      RATE_LIMIT_WEBHOOKS: '100000000',
    },
    { portVariable: 'GATEWAY_PORT', readyPath: '/health/live' },
  );
  add(
    'carrier-simulator',
    {
      SIM_WEBHOOK_TARGET: `${url('api-gateway')}/v1/webhooks/carriers`,
      SIM_TIME_SCALE: String(timeScale),
      SIM_JOURNEY_START_DELAY_MS: '0',
      SIM_SEED: flags.seed,
      SIM_LEDGER_MAX: '200000',
      SIM_WEBHOOK_MAX_ATTEMPTS: '30', // carriers keep retrying through the outages
      SIM_WEBHOOK_RETRY_MAX_MS: '10000',
    },
    { readyPath: '/health/live' },
  );
  for (const app of [...SERVICES, 'api-gateway', 'carrier-simulator']) {
    await apps[app].start();
    log(`${app} ready on ${url(app)}`);
  }
  // duplicates and reordering from the carriers all along
  for (const kind of ['duplicate', 'reorder']) {
    const r = await fetch(`${url('carrier-simulator')}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind, target: 'webhook', rate: 0.05 }) });
    if (r.status !== 201) throw new Error(`simulator fault ${kind}: ${r.status} ${await r.text()}`);
  }

  // peak consumer lag, sampled while the run goes on (unreadable while the broker is down)
  let peakLag = 0;
  const lagTimer = setInterval(() => {
    consumerLag(brokers).then((l) => (peakLag = Math.max(peakLag, l.total)), () => undefined);
  }, 5_000);
  run.defer('lag sampler', () => clearInterval(lagTimer));

  log(`load: ${fmt.int(shipments)} orders and shipments over ${windowS} s (journeys at ${fmt.int(timeScale)}× time), faults meanwhile`);
  const load = createLoad({ gatewayUrl: url('api-gateway'), shipments, seconds: windowS * 0.7, seed: flags.seed });
  const loadStarted = Date.now();
  const loading = load.run();

  const random = seededRandom(flags.seed);
  const faults = planFaults({ processes: [...SERVICES, 'api-gateway'], kills, random });
  const faultResults = [];
  const allReady = async (timeoutMs = 180_000) => {
    for (const app of Object.values(apps)) await app.waitReady(timeoutMs);
  };
  // each fault at a random moment of its own slot of the window; a fault whose slot began while the one before
  // was still recovering goes in at once
  const slotMs = (windowS * 1000) / faults.length;
  for (const [i, fault] of faults.entries()) {
    const dueMs = slotMs * (i + 0.1 + 0.8 * random());
    await sleep(Math.max(0, dueMs - (Date.now() - loadStarted)));
    const injectedAt = at();
    let liftedAt;
    if (fault.kind === 'kill') {
      await apps[fault.target].kill();
      await sleep(1_000 + random() * 2_000);
      liftedAt = Date.now();
      await apps[fault.target].start();
    } else if (fault.kind === 'broker-stop' || fault.kind === 'broker-kill') {
      await kafka.stop({ ...broker, kill: fault.kind === 'broker-kill' });
      await sleep(5_000);
      liftedAt = Date.now();
      await kafka.start(broker);
    } else if (fault.kind === 'postgres-outage') {
      pg.stop('immediate');
      await sleep(flags['pg-outage'] * 1000);
      liftedAt = Date.now();
      pg.start();
    }
    await allReady();
    const recoverS = (Date.now() - liftedAt) / 1000;
    faultResults.push({ ...fault, injectedAt, recoverS });
    log(`fault ${fault.kind} ${fault.target ?? ''} at ${injectedAt} s: recovered in ${recoverS.toFixed(1)} s`);
  }
  const placed = await loading;
  log(`load done at ${at()} s: ${fmt.int(placed.length)} shipments placed (${load.retries} requests retried)`);

  // settle: every journey done, the platform caught up
  log('settling: journeys complete, consumer lag 0');
  const deadline = Date.now() + 15 * 60_000;
  let lag;
  for (;;) {
    const running = await fetch(`${url('carrier-simulator')}/control/journeys?state=RUNNING&limit=1`).then((r) => r.json());
    const scheduled = await fetch(`${url('carrier-simulator')}/control/journeys?state=SCHEDULED&limit=1`).then((r) => r.json());
    lag = await consumerLag(brokers).catch(() => ({ total: Number.NaN, groups: {} }));
    if (running.items.length === 0 && scheduled.items.length === 0 && lag.total === 0) break;
    if (Date.now() > deadline) break;
    await sleep(2_000);
  }
  await sleep(3_000); // the last status changes' round trip through the order projection
  lag = await consumerLag(brokers).catch(() => ({ total: Number.NaN, groups: {} }));

  log(`checking ${fmt.int(placed.length)} shipments`);
  const results = await checkAll(placed, load);
  const totals = summarize(results);
  const sent = results.reduce((n, r) => n + r.sent, 0);
  const alive = Object.values(apps).map((a) => ({ app: a.app, alive: a.alive(), unexpected: a.unexpectedExits.length }));

  printTable(`chaos — ${quick ? 'quick profile' : 'full run'}, seed "${flags.seed}", ${fmt.int(placed.length)} shipments, ${windowS} s window`, [
    ['measure', 'value'],
    ['events sent by the carriers', fmt.int(sent)],
    ['events accepted (202)', fmt.int(totals.accepted)],
    ['accepted events applied', fmt.int(totals.applied)],
    ['lost', fmt.int(totals.lost)],
    ['applied twice', fmt.int(totals.duplicated)],
    ['wrong statuses', fmt.int(totals.wrongStatuses)],
    ['orders disagreeing with their shipment', fmt.int(totals.orderDisagreements)],
    ['shipments never registered with the carrier', fmt.int(results.filter((r) => r.unregistered).length)],
    ['peak consumer lag', fmt.int(peakLag)],
    ['consumer lag at the end', Number.isNaN(lag.total) ? 'unreadable' : fmt.int(lag.total)],
  ]);
  printTable('faults', [['fault', 'target', 'at (s)', 'recovered in (s)'], ...faultResults.map((f) => [f.kind, f.target ?? '—', f.injectedAt, f.recoverS.toFixed(1)])]);
  printTable('processes', [['process', 'kills', 'peak RSS', 'alive', 'exits not caused by the run'], ...Object.values(apps).map((a) => [a.app, a.kills, `${a.peakRssMiB.toFixed(0)} MiB`, a.alive() ? 'yes' : 'NO', a.unexpectedExits.length])]);
  const problems = results.flatMap((r) => r.problems.map((p) => `${r.waybill}: ${p}`));
  if (problems.length) process.stdout.write(`\nfirst problems:\n${problems.slice(0, 20).map((p) => `  ${p}`).join('\n')}\n`);
  const healthy = alive.every((a) => a.alive && a.unexpected === 0) && lag.total === 0;
  if (!healthy) process.stdout.write(`\nplatform not healthy at the end: ${JSON.stringify({ alive, lag })}\n`);
  process.stdout.write(`\n${verdictLine(totals)}\n`);
  if (totals.lost || totals.duplicated || totals.wrong || !healthy) process.exitCode = 1;

  async function checkAll(list, driver) {
    const out = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < list.length; i = next++) {
        const s = list[i];
        const journey = await fetch(`${url('carrier-simulator')}/control/journeys/${s.waybill}`).then((r) => (r.status === 200 ? r.json() : null));
        if (!journey) {
          out.push({ waybill: s.waybill, sent: 0, accepted: 0, applied: 0, lost: 0, duplicated: 0, wrongStatus: false, orderDisagrees: false, unregistered: true, problems: ['no journey: never registered with the carrier'] });
          continue;
        }
        const view = await driver.get(s.buyer, `/v1/tracking/${s.waybill}`);
        const order = await driver.get(s.buyer, `/v1/orders/${s.orderNumber}`);
        const r = checkShipment({ journey, view: view.status === 200 ? view.body : null, order: order.status === 200 ? order.body : null });
        out.push({ ...r, waybill: s.waybill, sent: journey.timeline.length });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return out;
  }
});
