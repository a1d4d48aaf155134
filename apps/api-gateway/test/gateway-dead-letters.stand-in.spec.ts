import { CALLER_HEADER, verifyCaller, type Caller } from '@parcelstream/caller-identity';
import { startBuiltApp, type BuiltService } from '@parcelstream/testing';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { callGateway, testPort, token, TEST_JWT_SECRET, type Json } from './support/gateway-client';

/**
 * STAND-IN UPSTREAMS — dead letters only. The services' own `GET /ops/dead-letters` and
 * `POST /ops/dead-letters/:id/replay` are being built elsewhere; until they land, these tiny HTTP servers play
 * the four services' side of that contract (a newest-first cursor list of `{ id: "<service prefix>:…", failedAt }`,
 * and a replay by id) so that the gateway's fan-out, merge, cursor and routing are tested against real HTTP.
 * Replace them with the built services once their endpoints exist. Every other route is tested against the
 * real services in gateway-ownership.spec.ts.
 */

const CALLER_SECRET = 'dead-letter-stand-in-caller-secret';

interface StandIn {
  name: string;
  prefix: string;
  server: Server;
  url: string;
  items: Json[];
  /** every request's method, path and verified caller */
  seen: { method: string; url: string; caller: Caller | string }[];
  failWith?: number;
}

/** One service's side of the contract, cursors opaque to the gateway (here: base64 of an offset). */
async function standIn(name: string, prefix: string, port: number, failedAts: number[]): Promise<StandIn> {
  const s: StandIn = { name, prefix, server: undefined as unknown as Server, url: `http://127.0.0.1:${port}`, items: [], seen: [] };
  s.items = failedAts.map((t) => ({ id: `${prefix}:${randomUUID()}`, failedAt: new Date(t).toISOString(), reason: 'handler-failed', originalTopic: `${prefix}.topic.v1`, error: 'boom' }));
  const sorted = () => [...s.items].sort((a, b) => Date.parse(b.failedAt) - Date.parse(a.failedAt) || (a.id < b.id ? 1 : -1));
  s.server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', s.url);
    let caller: Caller | string;
    try {
      caller = verifyCaller(req.headers[CALLER_HEADER] as string | undefined, CALLER_SECRET);
    } catch (e) {
      caller = `refused: ${(e as Error).message}`;
    }
    if (url.pathname !== '/health/live') s.seen.push({ method: req.method ?? '', url: req.url ?? '', caller });
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/health/live') return send(200, { status: 'ok' });
    if (typeof caller === 'string' || caller.kind !== 'user' || caller.role !== 'ops') return send(403, { status: 403, title: 'Forbidden' }, 'application/problem+json');
    if (s.failWith) return send(s.failWith, { status: s.failWith, title: 'Internal Server Error' }, 'application/problem+json');
    if (req.method === 'GET' && url.pathname === '/ops/dead-letters') {
      const limit = Number(url.searchParams.get('limit') ?? 20);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(400, { status: 400, title: 'Bad Request' }, 'application/problem+json');
      const cursor = url.searchParams.get('cursor');
      const from = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString());
      const all = sorted();
      const page = all.slice(from, from + limit);
      return send(200, { items: page, nextCursor: from + limit < all.length ? Buffer.from(String(from + limit)).toString('base64url') : null });
    }
    const replay = /^\/ops\/dead-letters\/([^/]+)\/replay$/.exec(url.pathname);
    if (req.method === 'POST' && replay) {
      const id = decodeURIComponent(replay[1]);
      if (!s.items.some((i) => i.id === id)) return send(404, { type: 'about:blank', status: 404, title: 'Not Found', detail: `no dead letter ${id}` }, 'application/problem+json');
      return send(202, { id, replayed: true });
    }
    return send(404, { status: 404, title: 'Not Found' }, 'application/problem+json');
  });
  await new Promise<void>((resolve) => s.server.listen(port, '127.0.0.1', resolve));
  return s;
}

describe('api-gateway dead letters against STAND-IN services (fan-out, merge, cursor, replay routing)', () => {
  let gateway: BuiltService;
  let standIns: StandIn[];
  let ops: string;
  let seller: string;
  const t0 = Date.parse('2026-11-30T00:00:00Z');
  const spread = (n: number, step: number, offset: number) => Array.from({ length: n }, (_, i) => t0 + offset + i * step);
  const call = (method: string, path: string, bearer?: string) => callGateway(gateway.baseUrl, method, path, { bearer });
  const byStandIn = (name: string) => standIns.find((s) => s.name === name)!;

  beforeAll(async () => {
    standIns = await Promise.all([
      standIn('order-service', 'orders', testPort(41), spread(23, 60_000, 0)),
      standIn('shipment-service', 'shipments', testPort(42), spread(140, 7_000, 30_000)), // more than one service page (100)
      standIn('carrier-sync-service', 'carrier-sync', testPort(43), [...spread(3, 3_600_000, 0), t0 + 60_000]), // one at the very time of an order-service one
      standIn('tracking-service', 'tracking', testPort(44), []),
    ]);
    gateway = await startBuiltApp(
      'api-gateway',
      testPort(40),
      {
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        CALLER_IDENTITY_SECRET: CALLER_SECRET,
        ORDER_SERVICE_URL: standIns[0].url,
        SHIPMENT_SERVICE_URL: standIns[1].url,
        CARRIER_SYNC_SERVICE_URL: standIns[2].url,
        TRACKING_SERVICE_URL: standIns[3].url,
        RATE_LIMIT_AUTHENTICATED: '100000',
        LOG_LEVEL: 'warn',
      },
      { readyPath: '/health/live', portVariable: 'GATEWAY_PORT' },
    );
    ops = await token({ role: 'ops' }, `ops-${randomUUID()}`);
    seller = await token({ role: 'seller', sellerId: 's-1' }, 'seller-user');
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all((standIns ?? []).map((s) => new Promise((r) => s.server.close(r))));
  });

  const everything = () =>
    standIns
      .flatMap((s) => s.items)
      .sort((a, b) => Date.parse(b.failedAt) - Date.parse(a.failedAt) || (a.id < b.id ? 1 : -1))
      .map((i) => i.id);

  const walk = async (limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call('GET', `/v1/ops/dead-letters?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, ops);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.body.items.map((i: Json) => i.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 200);
    return { ids, pages };
  };

  it('merges every service’s dead letters newest first, each once, across pages of any size', async () => {
    for (const limit of [7, 20, 100]) {
      const { ids, pages } = await walk(limit);
      expect(ids).toEqual(everything());
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(ids.length / limit));
    }
    const first = await call('GET', '/v1/ops/dead-letters?limit=3', ops);
    expect(first.body.items[0]).toMatchObject({ reason: 'handler-failed', error: 'boom' }); // the services' fields are passed on
    // every service was asked, as the ops caller the gateway signed
    for (const s of standIns) {
      expect(s.seen.length).toBeGreaterThan(0);
      expect(s.seen.every((r) => typeof r.caller !== 'string' && r.caller.kind === 'user' && r.caller.role === 'ops')).toBe(true);
    }
  });

  it('does not repeat or skip older items when new dead letters arrive between pages', async () => {
    const first = await call('GET', '/v1/ops/dead-letters?limit=10', ops);
    const newest = { id: `orders:${randomUUID()}`, failedAt: new Date(t0 + 86_400_000).toISOString(), reason: 'handler-failed' };
    byStandIn('order-service').items.push(newest);
    try {
      const ids: string[] = first.body.items.map((i: Json) => i.id);
      let cursor: string | null = first.body.nextCursor;
      while (cursor) {
        const page = await call('GET', `/v1/ops/dead-letters?limit=10&cursor=${encodeURIComponent(cursor)}`, ops);
        ids.push(...page.body.items.map((i: Json) => i.id));
        cursor = page.body.nextCursor;
      }
      expect(ids).toEqual(everything().filter((id) => id !== newest.id));
      expect((await call('GET', '/v1/ops/dead-letters?limit=1', ops)).body.items[0].id).toBe(newest.id);
    } finally {
      byStandIn('order-service').items.pop();
    }
  });

  it('refuses bad paging with a 400 problem, and callers who are not ops', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'cursor=not-a-cursor', `cursor=${Buffer.from('{"v":1,"p":{"order-service":{"cursor":5}}}').toString('base64url')}`]) {
      const res = await call('GET', `/v1/ops/dead-letters?${q}`, ops);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call('GET', '/v1/ops/dead-letters', seller)).status).toBe(403);
    expect((await call('GET', '/v1/ops/dead-letters')).status).toBe(401);
  });

  it('replays on the service the id names; an id no service gives is a 404 that reaches no service', async () => {
    for (const s of standIns.filter((x) => x.items.length > 0)) {
      const id = s.items[0].id as string;
      const before = standIns.map((x) => x.seen.length);
      const res = await call('POST', `/v1/ops/dead-letters/${encodeURIComponent(id)}/replay`, ops);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id, replayed: true });
      // only the owning service was called
      expect(standIns.map((x, i) => x.seen.length - before[i])).toEqual(standIns.map((x) => (x === s ? 1 : 0)));
      expect(s.seen.at(-1)).toMatchObject({ method: 'POST', url: `/ops/dead-letters/${encodeURIComponent(id)}/replay` });
    }
    const before = standIns.map((x) => x.seen.length);
    for (const id of ['billing:123', 'no-prefix', ':x', 'orders:']) {
      const res = await call('POST', `/v1/ops/dead-letters/${encodeURIComponent(id)}/replay`, ops);
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(standIns.map((x) => x.seen.length)).toEqual(before);
    // a known prefix with an id its service does not have: the service's 404, with the public path as instance
    const missing = await call('POST', `/v1/ops/dead-letters/tracking:${randomUUID()}/replay`, ops);
    expect(missing.status).toBe(404);
    expect(missing.body.instance).toMatch(/^\/v1\/ops\/dead-letters\/tracking:/);
    expect((await call('POST', `/v1/ops/dead-letters/${standIns[0].items[0].id}/replay`, seller)).status).toBe(403);
  });

  it('names the service when one fails (502) or does not answer (503), rather than give a partial list', async () => {
    const shipments = byStandIn('shipment-service');
    shipments.failWith = 500;
    try {
      const failed = await call('GET', '/v1/ops/dead-letters', ops);
      expect(failed.status).toBe(502);
      expect(failed.body.detail).toContain('shipment-service');
    } finally {
      shipments.failWith = undefined;
    }
    const tracking = byStandIn('tracking-service');
    await new Promise((r) => {
      tracking.server.close(r);
      tracking.server.closeAllConnections();
    });
    const down = await call('GET', '/v1/ops/dead-letters', ops);
    expect(down.status).toBe(503);
    expect(down.body.detail).toContain('tracking-service');
    expect(down.headers.get('content-type')).toContain('application/problem+json');
  });
});
