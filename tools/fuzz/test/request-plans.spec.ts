import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const { planArbitrary, operationsOf, s10 } = require('../request-plans.cjs') as typeof import('../request-plans.cjs');
const { safeDecode } = require('../response-checks.cjs') as typeof import('../response-checks.cjs');

/** the gateway's OpenAPI document as it serves it (refresh: GET /docs/openapi.json of a built gateway) */
const doc = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'gateway-openapi.json'), 'utf8'));
const side = (name: string) => ({
  side: name,
  sellerId: `seller-${name}`,
  buyerSub: `buyer-${name}`,
  orderNumbers: [`PS-${name}AAA-BBBB-CCCC`, `PS-${name}DDD-EEEE-FFFF`],
  shipmentId: name === 'A' ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222',
  waybill: s10(name === 'A' ? '12345678' : '87654321'),
});
const world = {
  sides: { A: side('A'), B: side('B') },
  carrierCodes: ['sim-post', 'sim-track', 'sim-seventeen', 'ups', 'fedex'],
  trackingExamples: ['RB123456785GB', '1Z999AA10123456784'],
  deadLetterIds: [],
  tampered: ['tampered: flipped signature', 'tampered: alg none', 'tampered: Basic scheme'],
};

describe('request plans of the fuzzer (fast-check over the gateway OpenAPI document)', () => {
  const { arbitrary, operations } = planArbitrary(doc, world);
  const plans = fc.sample(arbitrary, { numRuns: 2000, seed: 7 });

  it('reads every operation of the document, the Idempotency-Key header folded once', () => {
    expect(operations.map((o) => o.id)).toEqual(operationsOf(doc).map((o) => o.id));
    expect(operations.length).toBe(Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0));
    expect(operations.find((o) => o.id === 'POST /v1/orders')).toMatchObject({ idempotent: true, secured: true, access: ['buyer'] });
  });

  it('covers every operation, unknown routes and raw HTTP, with every kind of caller', () => {
    const ops = new Set(plans.map((p) => p.op));
    for (const o of operations) expect(ops).toContain(o.id);
    expect(ops).toContain('unknown route');
    expect(ops).toContain('raw HTTP');
    const callers = new Set(plans.map((p) => p.callerName));
    for (const c of ['anonymous', 'buyerA', 'buyerB', 'sellerA', 'sellerB', 'ops', ...world.tampered]) expect(callers).toContain(c);
  });

  it('is reproducible: the same seed gives the same requests (times are relative to now)', () => {
    const timeless = (p: object[]) => JSON.stringify(p).replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})/g, '<time>').replace(/\\"ts\\":\d+/g, '<ts>');
    const first = timeless(fc.sample(arbitrary, { numRuns: 100, seed: 7 }));
    const again = timeless(fc.sample(arbitrary, { numRuns: 100, seed: 7 }));
    expect(again === first).toBe(true);
    expect(timeless(fc.sample(arbitrary, { numRuns: 100, seed: 8 })) === first).toBe(false);
  });

  it('says why a plan must be refused, and marks every tampered token and forbidden body so', () => {
    for (const p of plans) {
      if (p.mustRefuse) expect(p.why).not.toBe('');
      if (p.callerName.startsWith('tampered') && p.method !== 'OPTIONS' && p.op !== 'raw HTTP' && p.op !== 'unknown route') expect({ op: p.op, mustRefuse: p.mustRefuse }).toEqual({ op: p.op, mustRefuse: true });
    }
    const missing = plans.filter((p) => ['POST', 'PUT'].includes(p.method) && /^missing /.test(p.mutation));
    expect(missing.length).toBeGreaterThan(0);
    for (const p of missing) expect(p.mustRefuse).toBe(true);
  });

  it('writes paths an HTTP client can send as they are (hostile segments percent-encoded where they must be)', () => {
    for (const p of plans.filter((x) => !x.raw)) {
      for (const s of p.segments) if (s.wire !== undefined) expect(s.wire).toMatch(/^[\u0021-\u007e]*$/);
    }
  });

  it('generates the hostile inputs the brief names', () => {
    const text = safeDecode(plans.map((p) => `${p.mutation} ${p.body ?? ''} ${p.segments.map((s) => s.wire ?? '').join('/')} ${p.query}`).join('\n'));
    for (const needle of ['../', '%00', "' OR", '<script>', 'unknown property', 'of the wrong type', 'over maxLength', 'truncated JSON', 'content-type "text/plain"', 'deeply nested']) {
      expect({ needle, found: text.includes(needle) }).toEqual({ needle, found: true });
    }
    expect(plans.some((p) => (p.body ?? '').length > 64 * 1024)).toBe(true);
    expect(plans.some((p) => /-1e308|1e\+308|1e400/.test(p.body ?? ''))).toBe(true);
  });
});
