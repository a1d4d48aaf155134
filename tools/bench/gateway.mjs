#!/usr/bin/env node
/**
 * npm run bench:gateway — `GET /v1/tracking/{waybill}` through the BUILT api-gateway and the same lookups
 * straight to tracking-service (`GET /tracking/{waybill}`), in one run, interleaved: at full speed (autocannon,
 * closed loop) and at a constant 1,000 requests/s (open loop, latency from each request's due time: see
 * lib/constant-rate-load.mjs). Prints requests/s, p50/p99 and the gateway's overhead. The gateway does its real
 * work per request (caller resolution, the Redis rate-limit counter, the signed caller header, the proxy);
 * its anonymous limit is raised so that the load is not answered 429.
 */
import { BenchRun, log } from './lib/bench-run.mjs';
import { parseFlags } from './lib/flags.mjs';
import { constantRateLoad } from './lib/constant-rate-load.mjs';
import { httpLoad, LOAD_HEADER, loadRow } from './lib/http-load.mjs';
import { fmt, machineSummary, printMachine, printTable, printTargets } from './lib/report.mjs';
import { seedTracking } from './lib/seed-tracking.mjs';
import { waybillOf } from './lib/tracking-journeys.mjs';

const flags = parseFlags(
  process.argv.slice(2),
  {
    shipments: { type: 'int', default: 100_000, min: 1, help: 'shipments seeded (10 events each)' },
    connections: { type: 'int', default: 32, min: 1, help: 'concurrent connections of the full-speed runs' },
    'duration-s': { type: 'int', default: 15, min: 1, help: 'seconds per measured run' },
    rate: { type: 'int', default: 1_000, min: 1, help: 'requests/s of the fixed-rate runs' },
    'p99-target-ms': { type: 'number', default: 25, help: 'p99 target through the gateway at the fixed rate' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/13', help: "the gateway's rate-limit Redis (a database number of its own)" },
    port: { type: 'int', default: 13834, help: "tracking-service's HTTP port" },
    'gateway-port': { type: 'int', default: 13835, help: "the gateway's HTTP port" },
    'kafka-port': { type: 'int', default: 13892, help: 'port of the private broker (tracking-service needs one to start)' },
    'kafka-controller-port': { type: 'int', default: 13893, help: "the private broker's controller port" },
  },
  { usage: 'npm run bench:gateway -- [flags]   (build first: npx nx run-many -t build -p tracking-service api-gateway)' },
);

await new BenchRun('bench:gateway').main(async (run) => {
  const machine = await machineSummary(run.adminUrl);
  const brokers = await run.broker({ port: flags['kafka-port'], controllerPort: flags['kafka-controller-port'] });
  const db = await run.database('gateway');
  run.migrate('tracking-service', db.urls['tracking-service']);
  log(`seeding ${fmt.int(flags.shipments * 10)} events (generate_series)`);
  await seedTracking(db.urls['tracking-service'], { shipments: flags.shipments, perShipment: 10, log: (l) => process.stdout.write(`  ${l}\n`) });

  const tracking = await run.startApp('tracking-service', {
    port: flags.port,
    env: { DATABASE_URL: db.urls['tracking-service'], KAFKA_BROKERS: brokers, SWEEP_INTERVAL_MS: '3600000' },
  });
  // only tracking-service runs behind it, so its readiness (every upstream) cannot be green: wait for liveness
  const gateway = await run.startApp('api-gateway', {
    port: flags['gateway-port'],
    portVariable: 'GATEWAY_PORT',
    readyPath: '/health/live',
    env: {
      TRACKING_SERVICE_URL: tracking.baseUrl,
      ORDER_SERVICE_URL: 'http://127.0.0.1:9',
      SHIPMENT_SERVICE_URL: 'http://127.0.0.1:9',
      CARRIER_SYNC_SERVICE_URL: 'http://127.0.0.1:9',
      REDIS_URL: flags['redis-url'],
      RATE_LIMIT_ANONYMOUS: '1000000000',
      RATE_LIMIT_AUTHENTICATED: '1000000000',
    },
  });
  const waybill = () => waybillOf(Math.floor(Math.random() * flags.shipments));
  const direct = { url: tracking.baseUrl, pathOf: () => `/tracking/${waybill()}` };
  const viaGateway = { url: gateway.baseUrl, pathOf: () => `/v1/tracking/${waybill()}` };
  for (const [label, target] of [
    ['direct', direct],
    ['gateway', viaGateway],
  ]) {
    const res = await fetch(`${target.url}${target.pathOf()}`);
    if (res.status !== 200) throw new Error(`${label} lookup answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }

  log('warm-up (5 s each)');
  await httpLoad({ ...direct, connections: flags.connections, durationS: 5 });
  await httpLoad({ ...viaGateway, connections: flags.connections, durationS: 5 });
  const runs = {};
  for (const [key, target, options] of [
    ['directFull', direct, { connections: flags.connections }],
    ['gatewayFull', viaGateway, { connections: flags.connections }],
    ['directRate', direct, { connections: 64, rate: flags.rate }],
    ['gatewayRate', viaGateway, { connections: 64, rate: flags.rate }],
  ]) {
    log(`${key}: ${options.rate ? `constant ${fmt.int(options.rate)} req/s (open loop)` : `full speed, ${options.connections} connections`}, ${flags['duration-s']} s`);
    const load = options.rate ? constantRateLoad : httpLoad;
    runs[key] = await load({ ...target, ...options, durationS: flags['duration-s'] });
  }

  printMachine(machine);
  printTable(`bench:gateway — tracking lookups of ${fmt.int(flags.shipments)} shipments (10 events each), through api-gateway vs straight to tracking-service`, [
    LOAD_HEADER,
    loadRow(`direct, full speed (${flags.connections} conn.)`, runs.directFull, fmt),
    loadRow(`gateway, full speed (${flags.connections} conn.)`, runs.gatewayFull, fmt),
    loadRow(`direct, constant ${fmt.int(flags.rate)} req/s`, runs.directRate, fmt),
    loadRow(`gateway, constant ${fmt.int(flags.rate)} req/s`, runs.gatewayRate, fmt),
  ]);
  process.stdout.write(
    `\n  full speed: autocannon, closed loop. constant rate: open loop, each latency from the request's due time; the generator sent at most ` +
      `${fmt.ms(Math.max(runs.directRate.senderLateMs, runs.gatewayRate.senderLateMs))} late`,
  );
  process.stdout.write(
    `\n  gateway overhead at full speed: ${fmt.pct(1 - runs.gatewayFull.rps / runs.directFull.rps)} fewer requests/s, p50 ${fmt.deltaMs(runs.gatewayFull.p50 - runs.directFull.p50)}, p99 ${fmt.deltaMs(runs.gatewayFull.p99 - runs.directFull.p99)}` +
      `\n  gateway overhead at ${fmt.int(flags.rate)} req/s: p50 ${fmt.deltaMs(runs.gatewayRate.p50 - runs.directRate.p50)}, p99 ${fmt.deltaMs(runs.gatewayRate.p99 - runs.directRate.p99)}\n`,
  );
  const failed = Object.entries(runs).filter(([, r]) => r.errors + r.non2xx > 0);
  const kept = runs.gatewayRate.rps >= flags.rate * 0.97;
  printTargets([
    {
      what: `gateway p99 ≤ ${flags['p99-target-ms']} ms at ${fmt.int(flags.rate)} req/s`,
      actual: `p99 ${fmt.ms(runs.gatewayRate.p99)} at ${fmt.int(runs.gatewayRate.rps)} req/s${kept ? '' : ' (rate not kept)'}`,
      met: runs.gatewayRate.p99 <= flags['p99-target-ms'] && kept,
    },
  ]);
  if (failed.length > 0) throw new Error(`errors or non-2xx answers in ${failed.map(([k]) => k).join(', ')}`);
});
