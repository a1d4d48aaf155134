import { context, isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { withSpan } from './tracing/spans';
import { formatTraceparent, type TraceContext } from './tracing/traceparent';

export { formatTraceparent, parseTraceparent, type TraceContext } from './tracing/traceparent';

/*
 * The small surface callers and logs use; the active span is OpenTelemetry's (tracing/spans.ts).
 */

/** Random ids for a context no span stands behind (see currentTraceparent). */
export function childContext(parent?: TraceContext): TraceContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    sampled: parent?.sampled ?? true,
  };
}

/** The active span's ids, or undefined outside any span. */
export function currentTrace(): TraceContext | undefined {
  const span = trace.getSpanContext(context.active());
  if (!span || !isSpanContextValid(span)) return undefined;
  return { traceId: span.traceId, spanId: span.spanId, sampled: (span.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED };
}

/**
 * The traceparent of the active span, to put on an outgoing request or message. Outside any span: random ids
 * of a new trace (no span is recorded for them; prefer starting a span with `withSpan`).
 */
export function currentTraceparent(): string {
  return formatTraceparent(currentTrace() ?? childContext());
}

/**
 * Runs `fn` in a new span (`name`, internal) that continues the incoming `traceparent`, or starts a new trace
 * when it is absent or malformed. The span ends when `fn` returns or its promise settles; a throw marks it failed.
 */
export function runInTrace<T>(traceparent: string | undefined, fn: () => T, name = 'run'): T {
  return withSpan(name, { parent: traceparent ?? null }, () => fn());
}
