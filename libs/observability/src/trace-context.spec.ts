import { currentTrace, currentTraceparent, formatTraceparent, parseTraceparent, runInTrace } from './trace-context';

describe('trace context', () => {
  const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('parses and formats W3C traceparent', () => {
    expect(formatTraceparent(parseTraceparent(incoming)!)).toBe(incoming);
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent('garbage')).toBeUndefined();
  });

  it('continues the incoming trace in a child span, across awaits', async () => {
    await runInTrace(incoming, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentTrace()?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(currentTrace()?.spanId).not.toBe('00f067aa0ba902b7');
      expect(currentTraceparent()).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    });
  });

  it('starts a new trace when there is none', () => {
    runInTrace(undefined, () => expect(currentTrace()?.traceId).toMatch(/^[0-9a-f]{32}$/));
    expect(currentTrace()).toBeUndefined();
  });
});
