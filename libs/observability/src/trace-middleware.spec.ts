import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import type { Server } from 'node:http';
import { waitFor } from '@parcelstream/testing';
import { inMemoryTracing } from '../test/in-memory-tracing';
import { currentTraceparent } from './trace-context';
import { traceMiddleware } from './trace-middleware';

const PORT = 14010;

describe('traceMiddleware: one server span per request', () => {
  const tracing = inMemoryTracing('http-test');
  let server: Server;
  const base = `http://127.0.0.1:${PORT}`;

  beforeAll(async () => {
    const app = express();
    app.use(traceMiddleware);
    app.get('/orders/:orderNumber', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 5));
      res.json({ traceparent: currentTraceparent() }); // what an outbox row or a call to another service would carry
    });
    app.get('/boom', () => {
      throw new Error('handler failed');
    });
    app.get('/health/live', (_req, res) => res.send('ok'));
    await new Promise<void>((resolve) => (server = app.listen(PORT, '127.0.0.1', () => resolve())));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => tracing.reset());

  // the span ends on 'finish', which can follow the client's read of the body by a tick
  const serverSpans = (count: number) => waitFor(() => tracing.spans(), (s) => s.length >= count, { what: `${count} span(s)`, timeoutMs: 2_000, intervalMs: 5 });

  it("continues the caller's trace, names the span by route, and answers with its traceparent", async () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await fetch(`${base}/orders/PS-1234?verbose=1`, { headers: { traceparent: incoming } });
    const body = (await res.json()) as { traceparent: string };
    const [span] = await serverSpans(1);
    expect(span).toMatchObject({
      name: 'GET /orders/:orderNumber',
      kind: SpanKind.SERVER,
      parentSpanContext: { spanId: '00f067aa0ba902b7' },
      attributes: { 'http.request.method': 'GET', 'url.path': '/orders/PS-1234', 'http.route': '/orders/:orderNumber', 'http.response.status_code': 200 },
      status: { code: SpanStatusCode.UNSET },
    });
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const own = `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
    expect(res.headers.get('traceparent')).toBe(own);
    expect(res.headers.get('x-request-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(body.traceparent).toBe(own);
  });

  it('starts a trace without a traceparent; a 5xx is an ERROR span', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const [span] = await serverSpans(1);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span).toMatchObject({ name: 'GET /boom', attributes: { 'http.response.status_code': 500 }, status: { code: SpanStatusCode.ERROR, message: 'HTTP 500' } });
  });

  it('an unmatched path keeps the method as name; probes get no span', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    const spans = await serverSpans(1);
    expect(spans.map((s) => [s.name, s.attributes['url.path'], s.attributes['http.route']])).toEqual([['GET', '/nowhere', undefined]]);
  });
});
