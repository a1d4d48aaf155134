import { resolveSigningSecrets } from './config/simulator.config';
import { LOAD_USAGE, LoadOptionsError, parseLoadOptions } from './load/load-options';
import { planLoad } from './load/load-plan';
import { runLoad } from './load/load-runner';

/**
 * The simulator's load generator (`npm run sim:load -- --events 20000 --shipments 200 --concurrency 8 --batch 100`):
 * N signed events over M shipments, pushed as the carrier would, printing events/s.
 */
async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(LOAD_USAGE);
    return 0;
  }
  let options;
  try {
    options = parseLoadOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof LoadOptionsError)) throw e;
    console.error(`sim:load: ${e.message}\n${LOAD_USAGE}`);
    return 2;
  }
  const secret = resolveSigningSecrets(false).secrets.get(options.carrierCode) as Buffer;
  const requests = planLoad(options, Date.now());
  const total = requests.length;
  console.log(`sim:load: ${options.events} ${options.carrierCode} events over ${options.shipments} shipments → ${options.target}/${options.carrierCode}, ${total} requests, concurrency ${options.concurrency}, batch ≤ ${options.batch}`);
  let lastPrint = Date.now();
  const report = await runLoad(options, requests, secret, (done) => {
    if (Date.now() - lastPrint >= 2000) {
      lastPrint = Date.now();
      console.log(`  ${done}/${total} requests`);
    }
  });
  console.log(`requests: ${report.requests} (${Object.entries(report.byStatus).map(([s, n]) => `${s}: ${n}`).join(', ')})`);
  console.log(`events: ${report.events} sent, ${report.accepted} accepted, ${report.duplicates} duplicates`);
  console.log(`elapsed: ${(report.elapsedMs / 1000).toFixed(2)} s; latency ms p50 ${report.latencyMs.p50}, p95 ${report.latencyMs.p95}, p99 ${report.latencyMs.p99}, max ${report.latencyMs.max}`);
  console.log(`events/s: ${report.eventsPerSec} (${report.requestsPerSec} requests/s)`);
  return Object.keys(report.byStatus).every((s) => s.startsWith('2')) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
