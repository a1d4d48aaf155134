import { isPushDialect } from '../carriers/carrier-dialect';
import type { CarrierEvent } from '../carriers/carrier-event';
import { dialectOf } from '../carriers/dialects';
import { postWebhook } from '../webhooks/webhook-post';
import type { LoadOptions } from './load-options';

export interface LoadReport {
  requests: number;
  events: number;
  /** events the platform reported accepted (202 bodies' `accepted`) */
  accepted: number;
  duplicates: number;
  /** requests by answer: `202`, `401`, `no-answer` … */
  byStatus: Record<string, number>;
  elapsedMs: number;
  eventsPerSec: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/**
 * Sends the planned requests, `concurrency` at a time, each signed when it leaves (timestamps within the
 * platform's replay window), and measures throughput and latency. Never retries: a refused request is
 * counted under its status.
 */
export async function runLoad(options: LoadOptions, requests: CarrierEvent[][], secret: Buffer, onProgress?: (done: number) => void): Promise<LoadReport> {
  const dialect = dialectOf(options.carrierCode);
  if (!isPushDialect(dialect)) throw new RangeError(`${options.carrierCode} does not push`);
  const url = `${options.target}/${encodeURIComponent(options.carrierCode)}`;
  const runTag = Date.now().toString(36);
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let accepted = 0;
  let duplicates = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const events = requests[i] as CarrierEvent[];
      const context = { deliveryId: `load_${runTag}_${i}`, sentAtMs: Date.now() };
      const body = dialect.render(events, context);
      const outcome = await postWebhook(url, body, dialect.signatureHeaders(body, secret, context), options.timeoutMs);
      const key = outcome.status === null ? 'no-answer' : String(outcome.status);
      byStatus[key] = (byStatus[key] ?? 0) + 1;
      latencies.push(outcome.durationMs);
      const answer = outcome.response as { accepted?: unknown; duplicates?: unknown } | undefined;
      if (typeof answer?.accepted === 'number') accepted += answer.accepted;
      if (typeof answer?.duplicates === 'number') duplicates += answer.duplicates;
      onProgress?.(latencies.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, requests.length) }, worker));
  const elapsedMs = performance.now() - started;
  const events = requests.reduce((n, r) => n + r.length, 0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: requests.length,
    events,
    accepted,
    duplicates,
    byStatus,
    elapsedMs: Math.round(elapsedMs),
    eventsPerSec: Math.round((events / elapsedMs) * 1000),
    requestsPerSec: Math.round((requests.length / elapsedMs) * 10_000) / 10,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies[latencies.length - 1] ?? 0 },
  };
}
