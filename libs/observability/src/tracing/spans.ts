import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent } from './traceparent';
import { tracer } from './tracing';

export interface SpanStart {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /**
   * The parent. Omitted: the active span (none: a new trace). A traceparent: that (remote) span; `null`, or a
   * malformed traceparent: a new trace.
   */
  parent?: string | null;
}

/** The context whose span is the one `traceparent` names (remote), or the root context when there is none. */
export function contextOf(traceparent: string | null | undefined): Context {
  const parent = parseTraceparent(traceparent);
  if (!parent) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/** A link to the span `traceparent` names, or undefined when it is absent or malformed. */
export function linkTo(traceparent: string | null | undefined, attributes?: Attributes): Link | undefined {
  const context = trace.getSpanContext(contextOf(traceparent));
  return context ? { context, attributes } : undefined;
}

/** Starts a span (not made active: see `runWithSpan`); the caller ends it. */
export function startSpan(name: string, start: SpanStart = {}): Span {
  return begin(name, start).span;
}

function begin(name: string, start: SpanStart): { span: Span; parent: Context } {
  const parent = start.parent === undefined ? context.active() : contextOf(start.parent);
  const span = tracer().startSpan(name, { kind: start.kind ?? SpanKind.INTERNAL, attributes: start.attributes, links: start.links }, parent);
  return { span, parent };
}

/** Runs `fn` with `span` active (logs, outbox rows and outgoing calls made in it carry its ids); does not end it. */
export function runWithSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/**
 * Runs `fn` in a new span, active for everything `fn` does, and ends it when `fn` returns or its promise
 * settles. A throw or a rejection is recorded on the span (status ERROR) and passed on.
 */
export function withSpan<T>(name: string, start: SpanStart, fn: (span: Span) => T): T {
  const { span, parent } = begin(name, start);
  return context.with(trace.setSpan(parent, span), () => {
    let result: T;
    try {
      result = fn(span);
    } catch (e) {
      failSpan(span, e);
      span.end();
      throw e;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          span.end();
          return value;
        },
        (e: unknown) => {
          failSpan(span, e);
          span.end();
          throw e;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

/** Records `error` on the span as an exception event and sets its status to ERROR. */
export function failSpan(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** `failSpan` on the active span, if any (e.g. an exception filter that turns an error into a 500). */
export function recordError(error: unknown): void {
  const span = trace.getActiveSpan();
  if (span) failSpan(span, error);
}

/** Adds an event (a point in time with attributes) to the active span, if any. */
export function addSpanEvent(name: string, attributes?: Attributes): void {
  trace.getActiveSpan()?.addEvent(name, attributes);
}

/** The W3C traceparent of `span`, to put on the request or message it stands for. */
export function traceparentOf(span: Span): string {
  const c = span.spanContext();
  return formatTraceparent({ traceId: c.traceId, spanId: c.spanId, sampled: (c.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED });
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
