import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { inMemoryTracing } from '../../test/in-memory-tracing';
import { currentTrace, currentTraceparent, runInTrace } from '../trace-context';
import { linkTo, recordError, startSpan, traceparentOf, withSpan } from './spans';

describe('spans', () => {
  const tracing = inMemoryTracing();
  beforeEach(() => tracing.reset());
  const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('a span under a remote traceparent joins its trace as a child; the active span is what logs and headers see', async () => {
    await withSpan('work', { parent: incoming, kind: SpanKind.CONSUMER }, async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentTrace()).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: span.spanContext().spanId, sampled: true });
      expect(currentTraceparent()).toBe(traceparentOf(span));
      await withSpan('inner', {}, () => Promise.resolve());
    });
    const [inner, work] = tracing.spans();
    expect(work).toMatchObject({ name: 'work', kind: SpanKind.CONSUMER, parentSpanContext: { spanId: '00f067aa0ba902b7', isRemote: true } });
    expect(inner.parentSpanContext?.spanId).toBe(work.spanContext().spanId);
    expect(inner.spanContext().traceId).toBe(work.spanContext().traceId);
  });

  it('parent null or a malformed traceparent starts a new trace; outside any span there is no current trace', () => {
    withSpan('outer', {}, () => {
      withSpan('fresh', { parent: null }, () => undefined);
      withSpan('garbage', { parent: 'not-a-traceparent' }, () => undefined);
    });
    const byName = Object.fromEntries(tracing.spans().map((s) => [s.name, s]));
    expect(byName.fresh.parentSpanContext).toBeUndefined();
    expect(byName.garbage.parentSpanContext).toBeUndefined();
    expect(new Set([byName.fresh, byName.garbage, byName.outer].map((s) => s.spanContext().traceId)).size).toBe(3);
    expect(currentTrace()).toBeUndefined();
  });

  it('a throw or a rejection marks the span ERROR with the exception and is passed on', async () => {
    expect(() => withSpan('sync', {}, () => { throw new Error('sync boom'); })).toThrow('sync boom'); // prettier-ignore
    await expect(withSpan('async', {}, () => Promise.reject(new Error('async boom')))).rejects.toThrow('async boom');
    for (const [name, message] of [['sync', 'sync boom'], ['async', 'async boom']]) {
      const [span] = tracing.named(name);
      expect(span.ended).toBe(true);
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message });
      expect(span.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': message } });
    }
  });

  it('recordError marks the active span; links point at the spans traceparents name', () => {
    const target = startSpan('target', { parent: null });
    withSpan('linked', { links: [linkTo(traceparentOf(target), { 'messaging.message.id': 'm-1' })!] }, () => recordError('bad'));
    target.end();
    const [linked] = tracing.named('linked');
    expect(linked.status.code).toBe(SpanStatusCode.ERROR);
    expect(linked.links).toEqual([{ context: expect.objectContaining({ spanId: target.spanContext().spanId, traceId: target.spanContext().traceId }), attributes: { 'messaging.message.id': 'm-1' } }]);
    expect(linkTo(undefined)).toBeUndefined();
    expect(linkTo('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
  });

  it('runInTrace keeps its contract: a child span of the incoming trace, or a new trace', () => {
    runInTrace(incoming, () => expect(currentTrace()?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736'), 'handle');
    runInTrace(undefined, () => expect(currentTrace()?.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736'));
    expect(tracing.spans().map((s) => s.name)).toEqual(['handle', 'run']);
  });
});
