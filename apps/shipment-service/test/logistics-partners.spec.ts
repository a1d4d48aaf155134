import { buyer, call, seller } from './support/http-client';
import { randomSellerId } from './support/order-fixtures';
import { startShipmentService, type ShipmentServiceUnderTest } from './support/shipment-service-app';

describe('logistics partners (real Postgres, in-process service)', () => {
  let svc: ShipmentServiceUnderTest;
  beforeAll(async () => {
    svc = await startShipmentService();
  });
  afterAll(() => svc?.close());

  const path = (carrier = '') => `/sellers/me/logistics-partners${carrier ? `/${carrier}` : ''}`;

  it('binds, lists and unbinds carriers; isDefault moves; re-binding an unbound carrier works', async () => {
    const me = seller(randomSellerId());
    const bound = await call(svc.baseUrl, 'PUT', path('sim-post'), { caller: me, body: { accountNumber: ' sim-000123 ', isDefault: true } });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ carrierCode: 'sim-post', carrierName: 'Simulated Post', accountNumber: 'SIM-000123', isDefault: true });
    expect((await call(svc.baseUrl, 'PUT', path('ups'), { caller: me, body: { accountNumber: '999AA1' } })).body).toMatchObject({ carrierCode: 'ups', isDefault: false });

    // a new default unsets the old one
    expect((await call(svc.baseUrl, 'PUT', path('ups'), { caller: me, body: { accountNumber: '999AA1', isDefault: true } })).body).toMatchObject({ isDefault: true });
    let list = await call<{ items: { carrierCode: string; isDefault: boolean }[] }>(svc.baseUrl, 'GET', path(), { caller: me });
    expect(list.status).toBe(200);
    expect(list.body.items.map((b) => [b.carrierCode, b.isDefault])).toEqual([['ups', true], ['sim-post', false]]);

    // an update without isDefault keeps the flag
    expect((await call(svc.baseUrl, 'PUT', path('ups'), { caller: me, body: { accountNumber: '123ABC' } })).body).toMatchObject({ accountNumber: '123ABC', isDefault: true });

    expect((await call(svc.baseUrl, 'DELETE', path('ups'), { caller: me })).status).toBe(204);
    expect((await call(svc.baseUrl, 'DELETE', path('ups'), { caller: me })).status).toBe(204); // idempotent
    list = await call(svc.baseUrl, 'GET', path(), { caller: me });
    expect(list.body.items.map((b) => b.carrierCode)).toEqual(['sim-post']);

    const rebound = await call(svc.baseUrl, 'PUT', path('ups'), { caller: me, body: { accountNumber: '999AA1' } });
    expect(rebound.body).toMatchObject({ carrierCode: 'ups', isDefault: false });
    list = await call(svc.baseUrl, 'GET', path(), { caller: me });
    expect(list.body.items.map((b) => b.carrierCode).sort()).toEqual(['sim-post', 'ups']);

    // another seller sees none of it
    expect((await call(svc.baseUrl, 'GET', path(), { caller: seller(randomSellerId()) })).body).toEqual({ items: [] });
  });

  it('refuses an unknown carrier (404), a bad account number (400 naming the field) and unknown properties (400)', async () => {
    const me = seller(randomSellerId());
    const unknown = await call(svc.baseUrl, 'PUT', path('no-such-carrier'), { caller: me, body: { accountNumber: 'SIM-000123' } });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({ status: 404, title: 'Unknown carrier' });

    const bad = await call(svc.baseUrl, 'PUT', path('fedex'), { caller: me, body: { accountNumber: '51008702A' } });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ status: 400, errors: [{ field: 'accountNumber', message: expect.stringMatching(/9 digits/) }] });

    const extra = await call(svc.baseUrl, 'PUT', path('fedex'), { caller: me, body: { accountNumber: '510087020', street: 'x' } });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ field: 'street', message: 'property street should not exist' }]);

    expect((await call(svc.baseUrl, 'PUT', path('fedex'), { caller: me, body: {} })).status).toBe(400);
    expect((await call(svc.baseUrl, 'DELETE', path('fedex'), { caller: me })).status).toBe(404); // never bound
    expect((await call(svc.baseUrl, 'DELETE', path('no-such-carrier'), { caller: me })).status).toBe(404);
  });

  it('trusts only the signed caller: anonymous 401, forged 401, a buyer 403', async () => {
    expect((await call(svc.baseUrl, 'GET', path())).status).toBe(401);
    const forged = await call(svc.baseUrl, 'GET', path(), { headers: { 'x-parcelstream-caller': 'eyJzdWIiOiJ4Iiwicm9sZSI6InNlbGxlciJ9.bad' } });
    expect(forged.status).toBe(401);
    expect((await call(svc.baseUrl, 'GET', path(), { caller: buyer('b-1') })).status).toBe(403);
  });

  it('serves health, metrics and its OpenAPI document', async () => {
    expect((await call(svc.baseUrl, 'GET', '/health/live')).status).toBe(200);
    const ready = await call(svc.baseUrl, 'GET', '/health/ready');
    expect(ready.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, kafka: { status: 'up' } } });
    const metrics = await fetch(`${svc.baseUrl}/metrics`);
    expect(await metrics.text()).toContain('http_server_request_duration_seconds');
    const openApi = await call<{ paths: Record<string, unknown> }>(svc.baseUrl, 'GET', '/docs/openapi.json');
    expect(Object.keys(openApi.body.paths)).toEqual(
      expect.arrayContaining([
        '/sellers/me/logistics-partners',
        '/sellers/me/logistics-partners/{carrierCode}',
        '/orders/{orderNumber}/shipments',
        '/shipments/{shipmentId}',
        '/shipments/{shipmentId}/events',
        '/shipments/{shipmentId}/cancel',
      ]),
    );
  });
});
