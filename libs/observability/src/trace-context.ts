import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): `00-<trace-id>-<parent-id>-<flags>`.
 * The trace id is the correlation id that crosses HTTP (the `traceparent` header) and Kafka (the
 * `traceparent` header of every CloudEvent), so one parcel's path can be followed through the logs.
 */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const storage = new AsyncLocalStorage<TraceContext>();

export function parseTraceparent(header: string | undefined | null): TraceContext | undefined {
  const m = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
  return { traceId: m[1], spanId: m[2], sampled: (parseInt(m[3], 16) & 1) === 1 };
}

export function formatTraceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

/** A new span under `parent` (same trace), or the root of a new trace. */
export function childContext(parent?: TraceContext): TraceContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    sampled: parent?.sampled ?? true,
  };
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** The traceparent to put on outgoing messages and requests: the current span, or a new root. */
export function currentTraceparent(): string {
  return formatTraceparent(storage.getStore() ?? childContext());
}

/** Runs `fn` in a child span of the incoming `traceparent` (or a new trace when absent or malformed). */
export function runInTrace<T>(traceparent: string | undefined, fn: () => T): T {
  return storage.run(childContext(parseTraceparent(traceparent)), fn);
}
