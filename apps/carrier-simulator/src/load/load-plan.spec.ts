import { validateWaybill } from '@parcelstream/carriers';
import { parseLoadOptions } from './load-options';
import { planLoad } from './load-plan';

const now = Date.parse('2026-11-20T12:00:00Z');

describe('planLoad', () => {
  it('standard webhook: N events over M shipments, batches of at most B across shipments, all in the past, unique ids', () => {
    const options = parseLoadOptions(['--events', '1003', '--shipments', '10', '--batch', '100'], {});
    const requests = planLoad(options, now);
    const events = requests.flat();
    expect(events).toHaveLength(1003);
    expect(requests).toHaveLength(11);
    expect(requests.every((r) => r.length <= 100)).toBe(true);
    expect(new Set(events.map((e) => e.trackingNumber)).size).toBe(10);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(1003);
    expect(events.every((e) => Date.parse(e.occurredAt) < now)).toBe(true);
    expect(events.every((e) => validateWaybill('sim-post', e.trackingNumber).valid)).toBe(true);
    expect(new Set(requests[0]!.map((e) => e.trackingNumber)).size).toBeGreaterThan(1);
  });

  it('one-tracking-per-request styles: each request holds one shipment, shipments interleaved', () => {
    const options = parseLoadOptions(['--carrier', 'sim-track', '--events', '60', '--shipments', '3', '--batch', '10'], {});
    const requests = planLoad(options, now);
    expect(requests).toHaveLength(6);
    expect(requests.every((r) => new Set(r.map((e) => e.trackingNumber)).size === 1)).toBe(true);
    expect(requests[0]![0]!.trackingNumber).not.toBe(requests[1]![0]!.trackingNumber);
    // fingerprinted style: no two events alike in carrier, number, code and time
    expect(new Set(requests.flat().map((e) => `${e.trackingNumber}|${e.code.rawCode}|${e.occurredAt}`)).size).toBe(60);
  });

  it('is the same plan for the same seed, clock and run', () => {
    const options = parseLoadOptions(['--events', '50', '--shipments', '5'], {});
    expect(planLoad(options, now, 1)).toEqual(planLoad(options, now, 1));
  });
});
