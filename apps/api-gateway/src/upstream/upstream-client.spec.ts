import { initTracing, SpanKind, SpanStatusCode, withSpan } from '@parcelstream/observability';
import { waitFor } from '@parcelstream/testing';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { UpstreamClient, UpstreamUnavailableError } from './upstream-client';

const PORT = 14030;
const NOTHING_LISTENS = 14031;

/** The gateway's calls to a service: CLIENT spans whose traceparent the service receives. */
describe('UpstreamClient spans', () => {
  const exporter = new InMemorySpanExporter();
  const seen: IncomingHttpHeaders[] = [];
  let server: Server;
  const client = new UpstreamClient('order-service', `http://127.0.0.1:${PORT}`, 'secret-0123456789');

  beforeAll(async () => {
    initTracing({ serviceName: 'api-gateway', exporter, env: {} });
    server = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/broken') return void res.writeHead(503).end();
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: 1\n\n');
        return void setTimeout(() => res.end('data: 2\n\n'), 20);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    exporter.reset();
    seen.length = 0;
  });
  const clientSpans = () => exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);

  it('a call is a CLIENT span under the request span; the service gets its traceparent', async () => {
    const answer = await withSpan('GET /v1/orders/:orderNumber', { kind: SpanKind.SERVER, parent: null }, () =>
      client.call({ method: 'GET', path: '/orders/PS-1?x=1', caller: { kind: 'anonymous' } }),
    );
    expect(answer.status).toBe(200);
    const [span] = await waitFor(clientSpans, (s) => s.length === 1, { what: 'the client span' });
    const [request] = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
    expect(span).toMatchObject({
      name: 'GET order-service',
      attributes: { 'http.request.method': 'GET', 'url.path': '/orders/PS-1', 'server.port': PORT, 'peer.service': 'order-service', 'http.response.status_code': 200 },
      status: { code: SpanStatusCode.UNSET },
    });
    expect(span.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(seen[0].traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('a 5xx answer and an unreachable service are ERROR spans', async () => {
    expect((await client.call({ method: 'POST', path: '/broken', caller: { kind: 'anonymous' }, body: '{}' })).status).toBe(503);
    const down = new UpstreamClient('tracking-service', `http://127.0.0.1:${NOTHING_LISTENS}`, 'secret-0123456789');
    await expect(down.call({ method: 'GET', path: '/x', caller: { kind: 'anonymous' } })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    down.close();
    const spans = await waitFor(clientSpans, (s) => s.length === 2, { what: 'two client spans' });
    expect(spans.map((s) => [s.name, s.status.code, s.attributes['http.response.status_code']])).toEqual([
      ['POST order-service', SpanStatusCode.ERROR, 503],
      ['GET tracking-service', SpanStatusCode.ERROR, undefined],
    ]);
    expect(spans[1].events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.message': expect.stringContaining('ECONNREFUSED') } });
  });

  it('a stream span lasts until the stream ends; health pings make no span', async () => {
    const { response } = await client.stream({ method: 'GET', path: '/stream', caller: { kind: 'anonymous' } });
    expect(clientSpans()).toEqual([]); // open while the stream is
    const chunks: string[] = [];
    for await (const c of response) chunks.push(String(c));
    expect(chunks.join('')).toContain('data: 2');
    const [span] = await waitFor(clientSpans, (s) => s.length === 1, { what: 'the stream span' });
    expect(span.name).toBe('GET order-service');
    expect(await client.ping()).toBe(true);
    expect(seen.at(-1)?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/); // still correlated
    expect(clientSpans()).toHaveLength(1);
  });
});

/**
 * The keep-alive race: a pooled connection the service closes just as the next request goes out on it. Here the
 * service resets every connection when its second request arrives, unanswered — what an idle timeout firing at that
 * moment looks like to the gateway.
 */
describe('UpstreamClient on a connection the service just closed', () => {
  const RESETS = 14032;
  const client = new UpstreamClient('shipment-service', `http://127.0.0.1:${RESETS}`, 'secret-0123456789');
  const received: string[] = [];
  let server: Server;

  beforeAll(async () => {
    const requestsOn = new WeakMap<object, number>();
    server = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      const n = (requestsOn.get(req.socket) ?? 0) + 1;
      requestsOn.set(req.socket, n);
      if (n > 1) return void req.socket.resetAndDestroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(RESETS, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => void (received.length = 0));

  it('sends an idempotent request once more on a fresh connection, and the caller gets the answer', async () => {
    expect((await client.call({ method: 'GET', path: '/a', caller: { kind: 'anonymous' } })).status).toBe(200);
    expect((await client.call({ method: 'DELETE', path: '/b', caller: { kind: 'anonymous' } })).status).toBe(200);
    expect(received).toEqual(['GET /a', 'DELETE /b', 'DELETE /b']); // reset on the pooled connection, answered on a new one
  });

  it('sends a POST again only when it carries an Idempotency-Key; without one the failure is the caller’s to see', async () => {
    const client = new UpstreamClient('shipment-service', `http://127.0.0.1:${RESETS}`, 'secret-0123456789'); // its own pool
    await client.call({ method: 'GET', path: '/warm', caller: { kind: 'anonymous' } });
    const keyed = await client.call({ method: 'POST', path: '/keyed', caller: { kind: 'anonymous' }, body: '{}', headers: { 'idempotency-key': 'k-1' } });
    expect(keyed.status).toBe(200);
    await expect(client.call({ method: 'POST', path: '/unkeyed', caller: { kind: 'anonymous' }, body: '{}' })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    client.close();
    expect(received).toEqual(['GET /warm', 'POST /keyed', 'POST /keyed', 'POST /unkeyed']);
  });

  it('closes an idle pooled connection itself before the service’s 5 s keep-alive timeout would', async () => {
    const client = new UpstreamClient('shipment-service', `http://127.0.0.1:${RESETS}`, 'secret-0123456789');
    const ports = new Set<number>();
    const track = (socket: { remotePort?: number }) => ports.add(socket.remotePort ?? 0);
    server.on('connection', track);
    await client.call({ method: 'GET', path: '/first', caller: { kind: 'anonymous' } });
    await new Promise((resolve) => setTimeout(resolve, 4_300));
    await client.call({ method: 'GET', path: '/after-idle', caller: { kind: 'anonymous' } });
    server.off('connection', track);
    client.close();
    expect(received).toEqual(['GET /first', 'GET /after-idle']); // a new connection, so no reset and no second send
    expect(ports.size).toBe(2);
  }, 10_000);
});
