const { checkAnswer, problemDefect, internalLeaks, requestText, OwnedValues } = require('../response-checks.cjs') as typeof import('../response-checks.cjs');

const problem = (status: number, extra: Record<string, unknown> = {}) => ({
  status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status, ...extra }),
});
const req = (path: string, body?: string) => ({ method: 'GET', path, headers: {}, body: body === undefined ? undefined : Buffer.from(body) });

describe('response checks of the fuzzer', () => {
  it('takes an RFC 9457 problem and names what is wrong with anything else', () => {
    expect(problemDefect(problem(404, { detail: 'No order.', errors: [{ field: 'a', message: 'b' }] }), 'GET')).toBeUndefined();
    expect(problemDefect({ status: 400, headers: {}, body: '' }, 'GET')).toMatch(/not application\/problem\+json/);
    expect(problemDefect({ ...problem(404), body: '<html>' }, 'GET')).toBe('the body is not JSON');
    expect(problemDefect({ ...problem(404), body: JSON.stringify({ type: 'about:blank', title: 'x', status: 400 }) }, 'GET')).toMatch(/is not the HTTP status 404/);
    expect(problemDefect(problem(400, { errors: [{ field: 'a' }] }), 'GET')).toMatch(/not \{ field, message \}/);
    expect(problemDefect({ ...problem(404), body: '' }, 'HEAD')).toBeUndefined(); // HEAD has no body
  });

  it('finds stack traces, internal paths, addresses and SQL — unless the request itself carried the text', () => {
    expect(internalLeaks('{"detail":"TypeError: x\\n    at Foo.bar (/work/app/dist/apps/order-service/main.js:10:5)"}', '')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^stack trace/), expect.stringMatching(/^internal path/)]),
    );
    expect(internalLeaks('{"detail":"connect ECONNREFUSED 127.0.0.1:13901"}', '')).toEqual([expect.stringMatching(/^internal address/)]);
    expect(internalLeaks('{"detail":"duplicate key value violates unique constraint \\"orders_pkey\\""}', '')).toEqual([expect.stringMatching(/^SQL error/)]);
    expect(internalLeaks('{"detail":"SELECT id FROM orders.orders WHERE x"}', '')).toEqual([expect.stringMatching(/^SQL fragment/)]);
    const echoed = "' UNION SELECT buyer_id FROM orders.orders --";
    expect(internalLeaks(JSON.stringify({ trackingNumber: echoed }), requestText(req(`/v1/carriers/detect?trackingNumber=${encodeURIComponent(echoed)}`)))).toEqual([]);
    expect(internalLeaks('{"items":[]}', '')).toEqual([]);
    // a path the server decoded though the query holds an undecodable %zz: still an echo
    const path = "/v1/shipments/'%20UNION%20SELECT%20buyer_id%2C%20recipient_name%20FROM%20orders.orders%20--/cancel?%zz=1";
    expect(internalLeaks(`{"detail":"No shipment ' UNION SELECT buyer_id, recipient_name FROM orders.orders --."}`, requestText(req(path)))).toEqual([]);
  });

  it("flags another user's values an answer holds, not the caller's own, not what the request named, not for ops", () => {
    const owned = new OwnedValues();
    owned.add('PS-AAAA-BBBB-CCCC', 'order number', ['buyerA', 'sellerA']);
    owned.add('Ada Lovelace x1', 'name', ['buyerA', 'sellerA'], { literal: true });
    owned.add('RR123456785CN', 'waybill', ['buyerA', 'sellerA']);
    const answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"orderNumber":"PS-AAAA-BBBB-CCCC","name":"Ada Lovelace x1","legs":[{"trackingNumber":"RR123456785CN"}]}' };
    const check = (viewer: string, path: string) => checkAnswer({ plan: { method: 'GET', mustRefuse: false, viewer, why: '' }, req: req(path), answer, owned }).map((f) => f.detail);
    expect(check('buyerB', '/v1/orders')).toEqual(expect.arrayContaining([expect.stringContaining('order number'), expect.stringContaining('name'), expect.stringContaining('waybill')]));
    expect(check('buyerA', '/v1/orders')).toEqual([]);
    expect(check('ops', '/v1/orders')).toEqual([]);
    expect(check('anonymous', '/v1/tracking/RR123456785CN')).toEqual([expect.stringContaining('order number'), expect.stringContaining('name')]);
  });

  it('counts a 5xx, an error that is not a problem, and an answer to a request that had to be refused', () => {
    const owned = new OwnedValues();
    const kinds = (answer: object, mustRefuse = false) => checkAnswer({ plan: { method: 'POST', mustRefuse, viewer: 'buyerA', why: 'tampered token' }, req: req('/v1/orders', '{}'), answer, owned }).map((f) => f.kind);
    expect(kinds(problem(500))).toEqual(['5xx']);
    expect(kinds({ status: 431, headers: {}, body: '' })).toEqual(['problem']);
    expect(kinds({ status: 201, headers: {}, body: '{}' }, true)).toEqual(['accepted']);
    expect(kinds({ error: 'ECONNRESET: socket hang up' })).toEqual(['no answer']);
    expect(kinds(problem(401), true)).toEqual([]);
  });
});
