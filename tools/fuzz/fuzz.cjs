#!/usr/bin/env node
'use strict';
/**
 * npm run fuzz [-- --count 10000 --seed 42 --port 13900 --concurrency 4]
 *
 * Starts the built platform (four services and the gateway, each service with its own database role, in a
 * database of its own, over KAFKA_BROKERS or 127.0.0.1:9092), seeds two sides' data, reads the gateway's
 * OpenAPI document and sends `--count` generated requests (fast-check, reproducible with `--seed`).
 * Fails (exit 1) on any 5xx, leak, error that is not an RFC 9457 problem, state change from a refused
 * request, request that had to be refused but was not, or request without an answer. Prints, last:
 * `fuzz: <n> requests, <n5xx> 5xx, <leaks> leaks`. Build first: `npx nx run-many -t build`.
 */
const fc = require('fast-check');
const { randomBytes } = require('node:crypto');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const { startPlatform } = require('./platform.cjs');
const { makeCallers } = require('./callers.cjs');
const { seed } = require('./seed.cjs');
const { planArbitrary } = require('./request-plans.cjs');
const { PlanRunner } = require('./plan-runner.cjs');
const { OwnedValues } = require('./response-checks.cjs');
const { StateWatch } = require('./state-snapshots.cjs');
const { KafkaTrace } = require('./kafka-trace.cjs');
const { closeClient } = require('./http-client.cjs');

const DEV_JWT_SECRET = 'parcelstream-dev-jwt-secret-change-me';

function options(argv) {
  const opt = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq ? eq.slice(name.length + 3) : fallback;
  };
  const o = {
    count: Number(opt('count', process.env.FUZZ_COUNT ?? 10_000)),
    seed: Number(opt('seed', process.env.FUZZ_SEED ?? randomBytes(4).readUInt32BE(0) >>> 1)),
    port: Number(opt('port', process.env.FUZZ_PORT ?? 13_900)),
    concurrency: Number(opt('concurrency', 4)),
    report: opt('report', path.join(__dirname, '..', '..', 'tmp', 'fuzz', 'last-run.json')),
  };
  for (const [k, v] of Object.entries(o)) if (k !== 'report' && !(Number.isInteger(v) && v > 0)) throw new Error(`--${k} must be a positive integer (got ${v})`);
  return o;
}

const log = (line) => process.stdout.write(`${line}\n`);

async function main() {
  const o = options(process.argv.slice(2));
  const run = randomBytes(4).toString('hex');
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const secret = process.env.AUTH_JWT_SECRET ?? DEV_JWT_SECRET;
  log(`fuzz: run ${run}, seed ${o.seed}, ${o.count} requests, Kafka ${brokers}, ports ${o.port}-${o.port + 4}`);
  const trace = new KafkaTrace({ brokers: brokers.split(','), runHex: run });
  let platform;
  let admin;
  let summary;
  try {
    platform = await startPlatform({ basePort: o.port, brokers, jwtSecret: secret, run, log: (l) => log(`  ${l}`) });
    await trace.start(); // after the services declared the topics
    const callers = await makeCallers(run, secret);
    let seedN = 0xf0000000;
    const sides = await seed({ gatewayUrl: platform.gatewayUrl, adminDatabaseUrl: platform.adminDatabaseUrl, callers, run, traceparent: () => trace.traceparent(seedN++) });
    log(`  seeded: sides A and B (orders ${sides.A.orderNumbers.join(', ')} / ${sides.B.orderNumbers.join(', ')})`);

    const owned = new OwnedValues();
    for (const s of Object.values(sides)) {
      const viewers = [s.buyer, s.seller];
      for (const v of s.orderNumbers) owned.add(v, 'order number', viewers);
      for (const v of s.orderIds) owned.add(v, 'order id', viewers);
      owned.add(s.shipmentId, 'shipment id', viewers);
      owned.add(s.waybill, 'waybill', viewers);
      owned.add(s.name, 'name', viewers, { literal: true });
      owned.add(s.street, 'street address', viewers, { literal: true });
      owned.add(s.buyerSub, 'buyer id', viewers, { literal: true });
      for (const a of s.accountNumbers) owned.add(a, 'account number', [s.seller], { literal: true });
    }

    const doc = JSON.parse((await (await fetch(`${platform.gatewayUrl}/docs/openapi.json`)).text()));
    const catalog = JSON.parse(await (await fetch(`${platform.gatewayUrl}/v1/carriers`)).text()).items;
    const opsHeaders = { authorization: callers.headers.ops };
    const deadLetters = JSON.parse(await (await fetch(`${platform.gatewayUrl}/v1/ops/dead-letters?limit=20`, { headers: opsHeaders })).text());
    const world = {
      sides,
      carrierCodes: catalog.map((c) => c.code),
      // the catalog lists format ids, not numbers: examples of those formats (libs/carriers/src/waybill/formats)
      trackingExamples: ['RB123456785GB', '1Z999AA10123456784', '986578788855', '3318810025', '9205590164917312751089', '3SDEVC123456789', 'T1234567890'],
      deadLetterIds: (deadLetters.items ?? []).map((d) => d.id),
      tampered: callers.tampered,
    };
    const { arbitrary, operations } = planArbitrary(doc, world);
    const plans = fc.sample(arbitrary, { numRuns: o.count, seed: o.seed });
    log(`  ${operations.length} operations in the OpenAPI document; ${plans.length} requests generated`);

    admin = new Client({ connectionString: platform.adminDatabaseUrl });
    await admin.connect();
    const state = new StateWatch(admin, platform.schemas);
    await state.init();
    const runner = new PlanRunner({ gatewayUrl: platform.gatewayUrl, callers, world, owned, state, trace, concurrency: o.concurrency });
    const started = Date.now();
    let lastLog = 0;
    await runner.runAll(plans, {
      onProgress: (done) => {
        if (Date.now() - lastLog > 15_000 || done === plans.length) {
          lastLog = Date.now();
          log(`  … ${done}/${plans.length} requests (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      },
    });
    const seconds = (Date.now() - started) / 1000;

    // the last accepted requests' events: wait for every outbox to drain and the observer to read them
    await drainOutboxes(admin, platform.schemas);
    await trace.catchUp();
    const traced = runner.tracedStateChanges();
    const alive = await Promise.all(platform.processes.map(async (p) => ({ app: p.app, alive: p.child.exitCode === null })));

    summary = summarise(runner, traced, { seconds, operations, alive });
    const unsent = runner.results.filter((r) => r.unsent).map((r) => ({ op: r.plan.op, mutation: r.plan.mutation, error: r.error }));
    mkdirSync(path.dirname(o.report), { recursive: true });
    writeFileSync(o.report, JSON.stringify({ run, seed: o.seed, count: o.count, summary: summary.figures, findings: summary.findings, stateChanges: [...runner.stateProblems, ...traced], unsent }, null, 2));
    for (const line of summary.lines) log(line);
    log(`  full report: ${path.relative(process.cwd(), o.report)}`);
  } finally {
    await admin?.end().catch(() => undefined);
    await trace.stop();
    closeClient();
    await platform?.stop().catch((e) => log(`  stopping the platform: ${e.message}`));
  }
  // last, after the platform stopped: the one line CI reads
  log(`fuzz: ${summary.figures.requests} requests, ${summary.figures.by['5xx']} 5xx, ${summary.figures.by.leak} leaks`);
  process.exitCode = summary.failed ? 1 : 0;
}

async function drainOutboxes(admin, schemas, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await admin.query(schemas.map((s) => `SELECT count(*)::int AS n FROM "${s}".outbox`).join(' UNION ALL '));
    if (rows.every((r) => r.n === 0)) return;
    if (Date.now() > deadline) throw new Error('the outboxes did not drain');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function summarise(runner, traced, { seconds, operations, alive }) {
  const owned = runner.owned;
  const sent = runner.results.filter((r) => !r.unsent);
  const by = { '5xx': 0, leak: 0, problem: 0, accepted: 0, 'no answer': 0 };
  const findings = [];
  for (const r of sent) {
    for (const f of r.findings) {
      by[f.kind]++;
      findings.push({ kind: f.kind, detail: f.detail, request: `#${r.n} ${r.plan.method} ${r.req.path}`, op: r.plan.op, caller: r.plan.callerName, mutation: r.plan.mutation, status: r.status, sent: r.req, body: r.body });
    }
  }
  const stateChanges = runner.stateProblems.length + traced.length;
  const statuses = {};
  for (const r of sent) statuses[r.status ?? 'none'] = (statuses[r.status ?? 'none'] ?? 0) + 1;
  const perOp = {};
  for (const r of sent) perOp[r.plan.op] = (perOp[r.plan.op] ?? 0) + 1;
  const mustRefuse = sent.filter((r) => r.plan.mustRefuse);
  const accepted = sent.filter((r) => r.status >= 200 && r.status < 300);
  const down = alive.filter((a) => !a.alive).map((a) => a.app);
  const lines = [
    `  ${sent.length} requests in ${seconds.toFixed(0)} s (${(sent.length / seconds).toFixed(0)}/s); ${runner.results.length - sent.length} plans the HTTP client would not send`,
    `  statuses: ${Object.entries(statuses).sort().map(([s, n]) => `${s}×${n}`).join(' ')}`,
    `  operations: ${operations.length} from the document + unknown routes and raw HTTP; per operation ${Math.min(...Object.values(perOp))}–${Math.max(...Object.values(perOp))} requests`,
    `  must be refused: ${mustRefuse.length} (refused: ${mustRefuse.filter(runner.refused).length}); accepted (2xx): ${accepted.length}`,
    `  leak check: ${runner.ownedSeen} owned values recognised in answers to their owners or ops (the check sees them), ${owned.values.size} owned values known`,
    `  state: ${runner.stateChecked} refused or read-only requests compared before/after in ${runner.snapshots} snapshots (${runner.stateUnchecked} not comparable: an accepted write in the same batch); ${runner.tracedEvents()} Kafka events traced to requests; ${stateChanges} state changes`,
    `  failures: 5xx ${by['5xx']}, leaks ${by.leak}, errors not RFC 9457 ${by.problem}, state changes ${stateChanges}, accepted but had to be refused ${by.accepted}, no answer ${by['no answer']}${down.length ? `, processes down: ${down.join(', ')}` : ''}`,
  ];
  const shown = new Set();
  for (const f of findings) {
    const key = `${f.kind} ${f.op} ${f.detail.slice(0, 60)}`;
    if (shown.has(key) || shown.size >= 40) continue;
    shown.add(key);
    lines.push(`    ${f.kind}: ${f.request.slice(0, 140)} [${f.caller}; ${f.mutation}] → ${f.status ?? ''} ${f.detail.slice(0, 200)}`);
  }
  for (const s of [...runner.stateProblems, ...traced].slice(0, 20)) lines.push(`    state change: ${s.change} after ${s.requests.slice(0, 3).join(' | ')}${s.requests.length > 3 ? ` (+${s.requests.length - 3})` : ''}`);
  const failed = Object.values(by).some((n) => n > 0) || stateChanges > 0 || down.length > 0;
  return { lines, failed, findings, figures: { requests: sent.length, seconds, statuses, perOp, by, stateChanges, stateChecked: runner.stateChecked, stateUnchecked: runner.stateUnchecked, tracedEvents: runner.tracedEvents(), down } };
}

main().catch((e) => {
  process.stderr.write(`fuzz failed to run: ${e.stack ?? e.message}\n`);
  process.exitCode = 2;
});
