import { inMemoryTracing } from '../test/in-memory-tracing';
import { createLogger } from './logger';
import { withSpan } from './tracing/spans';

describe('logs carry the trace', () => {
  inMemoryTracing();

  it('a line written inside a span has its trace_id and span_id; outside, none', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('order-service', 'info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const ids = await withSpan('POST /orders', {}, async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      log.info('order placed');
      return span.spanContext();
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ service: 'order-service', msg: 'order placed', trace_id: ids.traceId, span_id: ids.spanId });
    expect(lines[1].msg).toBe('outside');
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
