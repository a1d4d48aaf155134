#!/usr/bin/env node
/**
 * npm run bench:lookup — `GET /tracking/{waybill}` on the BUILT tracking-service against a tracking table of
 * ≥ 1,000,000 events (seeded set-based with generate_series into a database of its own), random waybills,
 * requests/s and p50/p99: at full speed (autocannon, closed loop) and at a constant rate (open loop, latency from
 * each request's due time: lib/constant-rate-load.mjs).
 */
import { BenchRun, log } from './lib/bench-run.mjs';
import { parseFlags } from './lib/flags.mjs';
import { constantRateLoad } from './lib/constant-rate-load.mjs';
import { httpLoad, LOAD_HEADER, loadRow } from './lib/http-load.mjs';
import { fmt, machineSummary, printMachine, printTable } from './lib/report.mjs';
import { seedTracking } from './lib/seed-tracking.mjs';
import { waybillOf } from './lib/tracking-journeys.mjs';

const flags = parseFlags(
  process.argv.slice(2),
  {
    shipments: { type: 'int', default: 100_000, min: 1, help: 'shipments seeded' },
    'events-per-shipment': { type: 'int', default: 10, min: 4, help: 'events per shipment (shipments × this = the tracking table)' },
    connections: { type: 'int', default: 32, min: 1, help: 'concurrent connections of the full-speed run' },
    'duration-s': { type: 'int', default: 20, min: 1, help: 'seconds per measured run' },
    rate: { type: 'int', default: 1_000, min: 0, help: 'requests/s of the fixed-rate run (0 skips it)' },
    port: { type: 'int', default: 13814, help: "tracking-service's HTTP port" },
    'kafka-port': { type: 'int', default: 13892, help: 'port of the private broker (the service needs one to start)' },
    'kafka-controller-port': { type: 'int', default: 13893, help: "the private broker's controller port" },
  },
  { usage: 'npm run bench:lookup -- [flags]   (build first: npx nx build tracking-service)' },
);

await new BenchRun('bench:lookup').main(async (run) => {
  const machine = await machineSummary(run.adminUrl);
  const brokers = await run.broker({ port: flags['kafka-port'], controllerPort: flags['kafka-controller-port'] });
  const db = await run.database('lookup');
  run.migrate('tracking-service', db.urls['tracking-service']);
  log(`seeding ${fmt.int(flags.shipments * flags['events-per-shipment'])} events (generate_series)`);
  const seedStarted = performance.now();
  const seeded = await seedTracking(db.urls['tracking-service'], {
    shipments: flags.shipments,
    perShipment: flags['events-per-shipment'],
    log: (l) => process.stdout.write(`  ${l}\n`),
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const service = await run.startApp('tracking-service', {
    port: flags.port,
    env: { DATABASE_URL: db.urls['tracking-service'], KAFKA_BROKERS: brokers, SWEEP_INTERVAL_MS: '3600000' },
  });
  const probe = await fetch(`${service.baseUrl}/tracking/${waybillOf(0)}`);
  const body = await probe.json();
  if (probe.status !== 200 || body.events?.length !== flags['events-per-shipment']) throw new Error(`lookup of ${waybillOf(0)} answered ${probe.status}: ${JSON.stringify(body).slice(0, 300)}`);
  const pathOf = () => `/tracking/${waybillOf(Math.floor(Math.random() * flags.shipments))}`;

  log('warm-up (5 s)');
  await httpLoad({ url: service.baseUrl, pathOf, connections: flags.connections, durationS: 5 });
  log(`full speed: ${flags.connections} connections, ${flags['duration-s']} s`);
  const full = await httpLoad({ url: service.baseUrl, pathOf, connections: flags.connections, durationS: flags['duration-s'] });
  let fixed;
  if (flags.rate > 0) {
    log(`constant rate: ${fmt.int(flags.rate)} requests/s (open loop), ${flags['duration-s']} s`);
    fixed = await constantRateLoad({ url: service.baseUrl, pathOf, connections: Math.max(flags.connections, 64), durationS: flags['duration-s'], rate: flags.rate });
  }

  printMachine(machine);
  process.stdout.write(
    `\nbench:lookup — GET /tracking/{waybill}, random waybills of ${fmt.int(seeded.shipments)} shipments, tracking_events holds ${fmt.int(seeded.events)} rows` +
      ` (seeded in ${seedSeconds.toFixed(1)} s); each answer carries ${flags['events-per-shipment']} events (${fmt.int(JSON.stringify(body).length)} bytes)\n`,
  );
  printTable('latency (full speed: autocannon, closed loop; constant rate: open loop, from each request\'s due time)', [
    LOAD_HEADER,
    loadRow(`full speed, ${flags.connections} connections`, full, fmt),
    ...(fixed ? [loadRow(`constant ${fmt.int(flags.rate)} req/s`, fixed, fmt)] : []),
  ]);
  if (fixed) process.stdout.write(`  the constant-rate generator sent at most ${fmt.ms(fixed.senderLateMs)} late\n`);
  if (full.errors + full.non2xx > 0 || (fixed && fixed.errors + fixed.non2xx > 0)) throw new Error('some lookups failed (see errors+non-2xx)');
});
