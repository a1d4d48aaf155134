import { TRACKING_STATUSES, type EventStatus, type TrackingStatus } from '@parcelstream/contracts';
import fc from 'fast-check';
import { compareEvents, computeTimeline } from './compute-timeline';
import type { TimelineEvent } from './timeline-event';

const SUBSTATUSES: Partial<Record<EventStatus, string[]>> = {
  INFO_RECEIVED: ['INFO_RECEIVED.LABEL_CREATED'],
  IN_TRANSIT: ['IN_TRANSIT.PICKED_UP', 'IN_TRANSIT.CUSTOMS_PROCESSING', 'IN_TRANSIT.CUSTOMS_RELEASED', 'IN_TRANSIT.HANDED_TO_LAST_MILE'],
  EXCEPTION: ['EXCEPTION.CUSTOMS_HELD', 'EXCEPTION.DUTIES_UNPAID', 'EXCEPTION.ADDRESS_ISSUE'],
  ATTEMPT_FAIL: ['ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE'],
  DELIVERED: ['DELIVERED.SIGNED'],
  RETURNING: ['RETURNING.TO_SENDER'],
};

const BASE = Date.UTC(2026, 0, 10);
const OFFSETS = ['+00:00', '+08:00', '-05:00', '+05:30'];

/** ISO-8601 in a carrier's local offset, like carriers send it. */
function localIso(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  const local = new Date(ms + sign * (h * 60 + m) * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
}

const statusArb = fc.constantFrom<EventStatus>(...TRACKING_STATUSES.filter((s) => s !== 'EXPIRED' && s !== 'CANCELLED'), 'UNKNOWN', 'IN_TRANSIT', 'IN_TRANSIT', 'EXCEPTION');

/** A journey: events at plausible times (minutes apart, some at the same instant), in several offsets. */
const journeyArb = fc
  .array(
    fc.record({
      status: statusArb,
      sub: fc.nat(3),
      gapMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 })),
      offset: fc.constantFrom(...OFFSETS),
      carrier: fc.constantFrom('sim-post', 'sim-lastmile'),
      withDuties: fc.boolean(),
      withLocation: fc.boolean(),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((steps) => {
    let t = BASE;
    return steps.map((s, i): TimelineEvent => {
      t += s.gapMinutes * 60_000;
      const subs = SUBSTATUSES[s.status] ?? [];
      const substatus = subs.length ? subs[s.sub % subs.length] : undefined;
      return {
        carrierCode: s.carrier,
        eventId: `ev-${i}`,
        trackingNumber: s.carrier === 'sim-post' ? 'RB123456785GB' : 'LM0001',
        status: s.status,
        substatus,
        rawCode: s.status === 'UNKNOWN' ? 'ZZ9' : `R-${s.status}`,
        description: `step ${i}`,
        occurredAt: localIso(t, s.offset),
        location: s.withLocation ? { city: `City ${i}`, countryCode: 'DE' } : undefined,
        duties: s.withDuties && substatus === 'EXCEPTION.DUTIES_UNPAID' ? { amount: '12.30', currency: 'EUR', payer: 'BUYER' } : undefined,
        source: 'CARRIER',
      };
    });
  });

/** The journey delivered in any order, with any number of copies of any event. */
const deliveredArb = journeyArb.chain((journey) =>
  fc
    .tuple(fc.shuffledSubarray(journey, { minLength: 0 }), fc.array(fc.nat(), { minLength: journey.length, maxLength: journey.length }))
    .map(([dupes, keys]) => ({ journey, arrival: [...journey, ...dupes].map((e, i) => ({ e: { ...e }, k: keys[i % keys.length] + i })).sort((a, b) => a.k - b.k).map((x) => x.e) })),
);

describe('computeTimeline (property-based)', () => {
  it('any permutation and duplication of a journey gives the timeline and status of the sorted, de-duplicated journey', () => {
    fc.assert(
      fc.property(deliveredArb, fc.integer({ min: 0, max: 1_000 }), ({ journey, arrival }, seed) => {
        const sorted = [...journey].sort(compareEvents);
        const expected = computeTimeline(sorted);
        const shuffled = fc.sample(fc.shuffledSubarray(arrival, { minLength: arrival.length, maxLength: arrival.length }), { numRuns: 1, seed })[0];
        expect(computeTimeline(arrival)).toEqual(expected);
        expect(computeTimeline(shuffled)).toEqual(expected);
        expect(expected.events).toEqual(sorted);
      }),
      { numRuns: 400 },
    );
  });

  it('UNKNOWN events are on the timeline but never change the status', () => {
    fc.assert(
      fc.property(journeyArb, (journey) => {
        const known = journey.filter((e) => e.status !== 'UNKNOWN');
        const all = computeTimeline(journey);
        const withoutUnknown = computeTimeline(known);
        expect([all.status, all.substatus]).toEqual([withoutUnknown.status, withoutUnknown.substatus]);
        expect(all.events).toHaveLength(journey.length);
      }),
      { numRuns: 200 },
    );
  });

  it('a late event never regresses a terminal status', () => {
    const terminal: TrackingStatus[] = ['DELIVERED', 'RETURNED'];
    fc.assert(
      fc.property(journeyArb, fc.constantFrom(...terminal), statusArb, (journey, end, late) => {
        const lastMs = Math.max(...journey.map((e) => Date.parse(e.occurredAt)));
        const ending: TimelineEvent = { ...journey[0], eventId: 'end', status: end, substatus: null, occurredAt: new Date(lastMs + 60_000).toISOString() };
        const lateEvent: TimelineEvent = { ...journey[0], eventId: 'late', status: late, substatus: null, occurredAt: new Date(lastMs + 120_000).toISOString() };
        const ended = computeTimeline([...journey, ending]);
        expect(['DELIVERED', 'RETURNED']).toContain(ended.status);
        expect(computeTimeline([...journey, ending, lateEvent]).status).toBe(ended.status);
      }),
      { numRuns: 200 },
    );
  });
});

describe('computeTimeline (rules)', () => {
  const ev = (eventId: string, status: EventStatus, occurredAt: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
    carrierCode: 'sim-post',
    eventId,
    trackingNumber: 'RB123456785GB',
    status,
    rawCode: status,
    description: status,
    occurredAt,
    source: 'CARRIER',
    ...extra,
  });

  it('orders by carrier time across offsets, not by arrival', () => {
    // a: 2026-01-02T03:00Z; b: 2026-01-02T01:00Z — b happened first although its local date reads later
    const t = computeTimeline([ev('a', 'OUT_FOR_DELIVERY', '2026-01-01T22:00:00-05:00'), ev('b', 'IN_TRANSIT', '2026-01-02T09:00:00+08:00')]);
    expect(t.events.map((e) => e.eventId)).toEqual(['b', 'a']);
    expect(t.status).toBe('OUT_FOR_DELIVERY');
  });

  it('an exception is exited by a new scan; a failed attempt by another delivery run', () => {
    expect(computeTimeline([ev('1', 'IN_TRANSIT', '2026-01-01T00:00:00Z'), ev('2', 'EXCEPTION', '2026-01-02T00:00:00Z'), ev('3', 'IN_TRANSIT', '2026-01-03T00:00:00Z')]).status).toBe('IN_TRANSIT');
    expect(computeTimeline([ev('1', 'OUT_FOR_DELIVERY', '2026-01-01T00:00:00Z'), ev('2', 'ATTEMPT_FAIL', '2026-01-01T10:00:00Z'), ev('3', 'OUT_FOR_DELIVERY', '2026-01-02T08:00:00Z')]).status).toBe('OUT_FOR_DELIVERY');
    expect(computeTimeline([ev('1', 'DELIVERED', '2026-01-01T00:00:00Z'), ev('2', 'IN_TRANSIT', '2026-01-02T00:00:00Z')]).status).toBe('DELIVERED');
  });

  it('customs: processing → duties due (action required for the payer) → released', () => {
    const duties = { amount: '18.40', currency: 'EUR', payer: 'BUYER' as const };
    const held = computeTimeline([
      ev('1', 'IN_TRANSIT', '2026-01-01T00:00:00Z', { substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING' }),
      ev('2', 'EXCEPTION', '2026-01-02T00:00:00Z', { substatus: 'EXCEPTION.DUTIES_UNPAID', duties }),
    ]);
    expect(held).toMatchObject({ status: 'EXCEPTION', substatus: 'EXCEPTION.DUTIES_UNPAID', actionRequired: true, customs: { state: 'DUTIES_DUE', duties } });
    const released = computeTimeline([...held.events, ev('3', 'IN_TRANSIT', '2026-01-03T00:00:00Z', { substatus: 'IN_TRANSIT.CUSTOMS_RELEASED' })]);
    expect(released).toMatchObject({ status: 'IN_TRANSIT', actionRequired: false, customs: { state: 'RELEASED', duties } });
  });

  it('cancellation and expiry are facts folded at their time; a scan after expiry exits it', () => {
    expect(computeTimeline([ev('1', 'INFO_RECEIVED', '2026-01-01T00:00:00Z')], { cancelledAt: '2026-01-02T00:00:00Z' }).status).toBe('CANCELLED');
    expect(computeTimeline([], { expiredAt: '2026-02-01T00:00:00Z' })).toMatchObject({ status: 'EXPIRED', substatus: 'EXPIRED.NO_SCANS' });
    expect(computeTimeline([ev('1', 'IN_TRANSIT', '2026-02-03T00:00:00Z')], { expiredAt: '2026-02-01T00:00:00Z' }).status).toBe('IN_TRANSIT');
  });
});
