#!/usr/bin/env node
/**
 * npm run bench:webhooks — carrier-sync's signed webhook intake (SPEC §5, connector `standard-webhook`,
 * carrier sim-post) through to carrier.tracking-events.normalized.v1, on the BUILT carrier-sync-service with a
 * database of its own and a private broker. Two runs: one event per request and 100 events per request.
 * The clock runs from the first request until the last event is on the topic (the outbox relay published it).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { BenchRun, log, sleep } from './lib/bench-run.mjs';
import { parseFlags } from './lib/flags.mjs';
import { benchKafka } from './lib/kafka-client.mjs';
import { fmt, machineSummary, printMachine, printTable, printTargets, sampleRss } from './lib/report.mjs';
import { NORMALIZED_TOPIC } from './lib/tracking-journeys.mjs';

const flags = parseFlags(
  process.argv.slice(2),
  {
    'single-requests': { type: 'int', default: 5_000, min: 0, help: 'requests of the one-event run (0 skips it)' },
    'batch-requests': { type: 'int', default: 1_000, min: 0, help: 'requests of the 100-event run (0 skips it)' },
    'batch-size': { type: 'int', default: 100, min: 1, help: 'events per request of the batch run (the intake takes up to 500)' },
    connections: { type: 'int', default: 16, min: 1, help: 'requests in flight' },
    port: { type: 'int', default: 13824, help: "carrier-sync-service's HTTP port" },
    'kafka-port': { type: 'int', default: 13892, help: 'port of the private broker (instance "bench")' },
    'kafka-controller-port': { type: 'int', default: 13893, help: "the private broker's controller port" },
  },
  { usage: 'npm run bench:webhooks -- [flags]   (build first: npx nx build carrier-sync-service)' },
);

const SECRET = randomBytes(24).toString('hex');
const sign = (id, ts, body) => `v1,${createHmac('sha256', SECRET).update(`${id}.${ts}.`).update(body).digest('base64')}`;

/** Event `n` of a run: a distinct parcel scan in the platform's open format. */
function webhookEvent(run, n) {
  const at = new Date(Date.now() - 3_600_000 + (n % 3_000) * 1_000);
  return {
    trackingNumber: `RB${String(n % 1_000_000_000).padStart(9, '0')}${run === 'single' ? 'GB' : 'DE'}`,
    eventId: `wh-${run}-${n}`,
    status: 'IN_TRANSIT',
    substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY',
    rawCode: 'IN_TRANSIT.ARRIVED_AT_FACILITY',
    description: 'Arrived at the sorting centre',
    occurredAt: `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`,
    location: { city: 'Shenzhen', region: 'GD', countryCode: 'CN', facility: 'SZX hub 3' },
  };
}

await new BenchRun('bench:webhooks').main(async (run) => {
  const machine = await machineSummary(run.adminUrl);
  const brokers = await run.broker({ port: flags['kafka-port'], controllerPort: flags['kafka-controller-port'] });
  const kafka = await benchKafka(run, brokers);
  const db = await run.database('webhooks');
  run.migrate('carrier-sync-service', db.urls['carrier-sync-service']);
  const service = await run.startApp('carrier-sync-service', {
    port: flags.port,
    env: {
      DATABASE_URL: db.urls['carrier-sync-service'],
      KAFKA_BROKERS: brokers,
      BACKGROUND_WORKERS: 'off',
      WEBHOOK_CARRIERS: 'sim-post',
      CARRIER_SIM_POST_WEBHOOK_SECRET: SECRET,
      CARRIER_API_BASE_URL: 'http://127.0.0.1:9',
    },
  });
  const rss = sampleRss(service.pid);
  const agent = new Agent({ keepAlive: true, maxSockets: flags.connections });
  const post = (body, id) =>
    new Promise((resolve, reject) => {
      const ts = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: flags.port,
          method: 'POST',
          path: '/webhooks/carriers/sim-post',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length, 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sign(id, ts, body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: performance.now() - started }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const measure = async (label, requests, perRequest) => {
    log(`${label}: ${fmt.int(requests)} requests × ${perRequest} events, ${flags.connections} in flight`);
    const before = await kafka.messageCount(NORMALIZED_TOPIC);
    const expected = requests * perRequest;
    const latencies = [];
    let accepted = 0;
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      for (;;) {
        const r = next++;
        if (r >= requests) return;
        const body = Buffer.from(JSON.stringify({ events: Array.from({ length: perRequest }, (_, k) => webhookEvent(label, r * perRequest + k)) }));
        const res = await post(body, `msg_${label}_${r}`);
        if (res.status !== 202) throw new Error(`request ${r} answered ${res.status}: ${res.body.slice(0, 300)}`);
        accepted += JSON.parse(res.body).accepted;
        latencies.push(res.ms);
      }
    };
    await Promise.all(Array.from({ length: flags.connections }, worker));
    const intakeSeconds = (performance.now() - t0) / 1000;
    const deadline = Date.now() + 300_000;
    let onTopic = 0;
    while ((onTopic = (await kafka.messageCount(NORMALIZED_TOPIC)) - before) < expected) {
      if (Date.now() > deadline) throw new Error(`${label}: only ${onTopic} of ${expected} events reached the topic`);
      await sleep(50);
    }
    const topicSeconds = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    if (accepted !== expected) throw new Error(`${label}: ${accepted} of ${expected} events accepted`);
    return { label, requests, perRequest, events: expected, intakeSeconds, topicSeconds, p50: pct(50), p99: pct(99), onTopic };
  };

  const results = [];
  if (flags['single-requests'] > 0) results.push(await measure('single', flags['single-requests'], 1));
  if (flags['batch-requests'] > 0) results.push(await measure('batch', flags['batch-requests'], flags['batch-size']));
  const memory = rss.stop();
  agent.destroy();

  printMachine(machine);
  printTable('bench:webhooks — POST /webhooks/carriers/sim-post (Standard Webhooks signature) → carrier.tracking-events.normalized.v1', [
    ['run', 'requests', 'events', '202 in (s)', 'on topic (s)', 'events/s to topic', 'requests/s', 'request p50', 'request p99'],
    ...results.map((r) => [
      `${r.perRequest} event${r.perRequest > 1 ? 's' : ''} per request`,
      fmt.int(r.requests),
      fmt.int(r.events),
      r.intakeSeconds.toFixed(2),
      r.topicSeconds.toFixed(2),
      fmt.int(r.events / r.topicSeconds),
      fmt.int(r.requests / r.intakeSeconds),
      fmt.ms(r.p50),
      fmt.ms(r.p99),
    ]),
  ]);
  process.stdout.write(`\n  carrier-sync-service peak RSS: ${Math.max(memory.peakMiB, memory.hwmMiB).toFixed(0)} MiB\n`);
  const batch = results.find((r) => r.label === 'batch');
  if (batch && flags['batch-size'] === 100) {
    const rate = batch.events / batch.topicSeconds;
    printTargets([{ what: '≥ 5,000 events/s with 100-event requests (through to the topic)', actual: `${fmt.int(rate)} events/s`, met: rate >= 5_000 }]);
  }
});
