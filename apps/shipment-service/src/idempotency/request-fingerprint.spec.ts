import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('request fingerprints', () => {
  it('ignore key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(requestFingerprint('POST /x', { a: 1, b: 2 })).toBe(requestFingerprint('POST /x', { b: 2, a: 1, c: undefined }));
  });

  it('differ for another body or another operation', () => {
    const base = requestFingerprint('POST /orders/A/shipments', { items: [{ sku: 'A', quantity: 1 }] });
    expect(requestFingerprint('POST /orders/A/shipments', { items: [{ sku: 'A', quantity: 2 }] })).not.toBe(base);
    expect(requestFingerprint('POST /orders/B/shipments', { items: [{ sku: 'A', quantity: 1 }] })).not.toBe(base);
  });
});
