import { composeS10, composeSimulatorWaybill } from '@parcelstream/carriers';
import { canTransition, isTrackingSubstatus, type TrackingStatus } from '@parcelstream/contracts';
import { CANONICAL, FINAL_MILESTONES, type Milestone } from './milestone';
import { scriptJourney, type JourneyRequest, type JourneyScript } from './script-journey';

const base: JourneyRequest = {
  seed: 'parcelstream',
  carrierCode: 'sim-post',
  trackingNumber: composeS10('CP', '00000001', 'CN'),
  originCountryCode: 'CN',
  destinationCountryCode: 'GB',
  lastMileTrackingNumber: composeSimulatorWaybill('sim-lastmile', 10),
};
const milestones = (s: JourneyScript) => s.steps.map((x) => x.milestone);

describe('scriptJourney', () => {
  it('is pure: the same request gives the same journey, another seed or number another one', () => {
    expect(scriptJourney(base)).toEqual(scriptJourney({ ...base }));
    const others = ['seed-2', 'seed-3', 'seed-4'].map((seed) => JSON.stringify(scriptJourney({ ...base, seed })));
    expect(new Set([JSON.stringify(scriptJourney(base)), ...others]).size).toBe(4);
    expect(scriptJourney({ ...base, trackingNumber: composeS10('CP', '00000002', 'CN') })).not.toEqual(scriptJourney(base));
  });

  it('a cross-border journey: label, pickup, export, line-haul, import, customs, release, hand-over with the new number, delivery', () => {
    const script = scriptJourney({ ...base, overrides: { customs: 'CLEARED', failedAttempts: 0, outcome: 'DELIVERED' } });
    const seen = milestones(script);
    expect(seen.slice(0, 4)).toEqual(['LABEL_CREATED', 'PICKED_UP', 'ARRIVED_AT_FACILITY', 'DEPARTED_ORIGIN_FACILITY']);
    expect(seen.slice(4, 10)).toEqual(['DEPARTED_ORIGIN_COUNTRY', 'IN_LINE_HAUL', 'ARRIVED_DESTINATION_COUNTRY', 'CUSTOMS_PROCESSING', 'CUSTOMS_RELEASED', 'HANDED_TO_LAST_MILE']);
    expect(seen.slice(10, 12)).toEqual(['ARRIVED_AT_FACILITY', 'OUT_FOR_DELIVERY']);
    expect(FINAL_MILESTONES.has(seen[seen.length - 1] as Milestone)).toBe(true);
    const handOver = script.steps.find((s) => s.milestone === 'HANDED_TO_LAST_MILE');
    expect(handOver).toMatchObject({ leg: 1, carrierCode: 'sim-post', next: { carrierCode: 'sim-lastmile', trackingNumber: base.lastMileTrackingNumber } });
    const after = script.steps.filter((s) => s.seq > (handOver?.seq ?? 0));
    expect(after.every((s) => s.leg === 2 && s.carrierCode === 'sim-lastmile' && s.trackingNumber === base.lastMileTrackingNumber)).toBe(true);
    expect(script.steps.find((s) => s.milestone === 'DEPARTED_ORIGIN_COUNTRY')?.place.countryCode).toBe('CN');
    expect(script.steps.find((s) => s.milestone === 'CUSTOMS_PROCESSING')?.place.countryCode).toBe('GB');
    expect(handOver?.estimatedDelivery?.fromSimMs).toBeLessThan(handOver?.estimatedDelivery?.toSimMs ?? 0);
  });

  it('customs holds, duties due (amount, currency of the destination, payer) and release', () => {
    const held = scriptJourney({ ...base, overrides: { customs: 'HELD_WITH_DUTIES' } });
    expect(milestones(held)).toEqual(expect.arrayContaining(['CUSTOMS_HELD', 'DUTIES_DUE', 'CUSTOMS_RELEASED']));
    const duties = held.steps.find((s) => s.milestone === 'DUTIES_DUE')?.duties;
    expect(duties).toEqual({ amount: expect.stringMatching(/^\d+\.\d{2}$/), currency: 'GBP', payer: expect.stringMatching(/^(BUYER|SELLER|PLATFORM)$/) });
    const order = milestones(held);
    expect(order.indexOf('CUSTOMS_HELD')).toBeLessThan(order.indexOf('DUTIES_DUE'));
    expect(order.indexOf('DUTIES_DUE')).toBeLessThan(order.indexOf('CUSTOMS_RELEASED'));
    const jp = scriptJourney({ ...base, destinationCountryCode: 'JP', overrides: { customs: 'HELD_WITH_DUTIES' } });
    expect(jp.steps.find((s) => s.milestone === 'DUTIES_DUE')?.duties).toMatchObject({ currency: 'JPY', amount: expect.stringMatching(/^\d+$/) });
  });

  it('failed attempts, collection at a pickup point, a return to the sender by the first carrier', () => {
    const returned = scriptJourney({ ...base, overrides: { outcome: 'RETURNED' } });
    const seen = milestones(returned);
    expect(seen.filter((m) => m === 'ATTEMPT_FAILED')).toHaveLength(2);
    expect(seen.slice(-3)).toEqual(['AT_PICKUP_POINT', 'RETURNING', 'RETURNED']);
    expect(returned.steps[returned.steps.length - 1]).toMatchObject({ carrierCode: 'sim-post', trackingNumber: base.trackingNumber, leg: 1 });
    const collected = scriptJourney({ ...base, overrides: { failedAttempts: 1, outcome: 'PICKUP_POINT' } });
    expect(milestones(collected).slice(-4)).toEqual(['OUT_FOR_DELIVERY', 'ATTEMPT_FAILED', 'AT_PICKUP_POINT', 'COLLECTED_BY_RECIPIENT']);
    const redelivered = scriptJourney({ ...base, overrides: { failedAttempts: 1, outcome: 'DELIVERED' } });
    expect(milestones(redelivered).slice(-4, -1)).toEqual(['OUT_FOR_DELIVERY', 'ATTEMPT_FAILED', 'OUT_FOR_DELIVERY']);
  });

  it('refuses impossible scenarios and a hand-over without the last-mile number', () => {
    expect(() => scriptJourney({ ...base, overrides: { outcome: 'RETURNED', failedAttempts: 0 } })).toThrow('failed delivery attempt');
    expect(() => scriptJourney({ ...base, destinationCountryCode: 'CN', overrides: { customs: 'HELD' } })).toThrow('no customs');
    expect(() => scriptJourney({ ...base, lastMileTrackingNumber: undefined })).toThrow('lastMileTrackingNumber');
    expect(() => scriptJourney({ ...base, carrierCode: 'ups' })).toThrow(RangeError);
  });

  it('the 17TRACK-style carrier delivers itself (same number); the last-mile carrier and domestic parcels skip the border', () => {
    const seventeen = scriptJourney({ ...base, carrierCode: 'sim-seventeen', trackingNumber: composeSimulatorWaybill('sim-seventeen', 1), lastMileTrackingNumber: undefined });
    expect(milestones(seventeen)).not.toContain('HANDED_TO_LAST_MILE');
    expect(new Set(seventeen.steps.map((s) => s.trackingNumber))).toEqual(new Set([composeSimulatorWaybill('sim-seventeen', 1)]));
    const domestic = scriptJourney({ ...base, destinationCountryCode: 'CN' });
    expect(domestic.scenario).toMatchObject({ crossBorder: false, customs: 'NONE', handOver: false });
    expect(milestones(domestic)).not.toEqual(expect.arrayContaining(['DEPARTED_ORIGIN_COUNTRY']));
    const lastMile = scriptJourney({ ...base, carrierCode: 'sim-lastmile', trackingNumber: composeSimulatorWaybill('sim-lastmile', 10), lastMileTrackingNumber: undefined });
    expect(lastMile.scenario.crossBorder).toBe(false);
    expect(lastMile.steps.every((s) => s.place.countryCode === 'GB')).toBe(true);
  });

  it('over many parcels: time only moves forward, every step means a canonical status, statuses never regress, and every kind of journey happens', () => {
    const seen = { held: 0, duties: 0, attempts: 0, pickup: 0, returned: 0, delivered: 0 };
    const problems: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const script = scriptJourney({ ...base, trackingNumber: composeS10('CP', String(i).padStart(8, '0'), 'CN'), destinationCountryCode: i % 3 === 0 ? 'US' : 'DE' });
      let status: TrackingStatus = 'PENDING';
      script.steps.forEach((step, k) => {
        if (k > 0 && step.atSimMs <= (script.steps[k - 1]?.atSimMs ?? 0)) problems.push(`${i}: step ${step.seq} not after the one before`);
        const meaning = CANONICAL[step.milestone];
        if (!isTrackingSubstatus(meaning.substatus) || !meaning.substatus.startsWith(`${meaning.status}.`)) problems.push(`${step.milestone}: ${meaning.substatus}`);
        if (!canTransition(status, meaning.status)) problems.push(`${i}: ${step.milestone} after ${status}: the platform would not move on`);
        status = meaning.status;
      });
      const m = milestones(script);
      if (m.includes('CUSTOMS_HELD')) seen.held++;
      if (m.includes('DUTIES_DUE')) seen.duties++;
      if (m.includes('ATTEMPT_FAILED')) seen.attempts++;
      if (m.includes('COLLECTED_BY_RECIPIENT')) seen.pickup++;
      if (m.includes('RETURNED')) seen.returned++;
      if (m.includes('DELIVERED_SIGNED') || m.includes('DELIVERED_LEFT_AT_DOOR')) seen.delivered++;
    }
    expect(problems).toEqual([]);
    expect(seen.held / 2000).toBeGreaterThan(0.28);
    expect(seen.duties / 2000).toBeGreaterThan(0.15);
    expect(seen.attempts / 2000).toBeGreaterThan(0.18);
    expect(seen.returned).toBeGreaterThan(20);
    expect(seen.pickup).toBeGreaterThan(40);
    expect(seen.delivered / 2000).toBeGreaterThan(0.8);
  });
});
