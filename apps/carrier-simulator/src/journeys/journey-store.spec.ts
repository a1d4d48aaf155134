import { composeS10 } from '@parcelstream/carriers';
import { JourneyStore } from './journey-store';

describe('JourneyStore: planned scenarios', () => {
  const store = () => new JourneyStore({ seed: 'plan-spec', timeScale: 3600, waybillSequenceStart: 1 });
  const registration = (trackingNumber: string) => ({
    carrierCode: 'sim-post',
    trackingNumber,
    originCountryCode: 'CN',
    destinationCountryCode: 'GB',
    origin: 'REGISTRATION' as const,
    shipmentRef: `ship-${trackingNumber}`,
    startDelayMs: 0,
  });

  it('plays a planned scenario in the registration of that number, once', () => {
    const s = store();
    const numbers = Array.from({ length: 20 }, (_, i) => composeS10('CP', String(10_000_000 + i), 'CN'));
    for (const n of numbers) s.plan('sim-post', n, { customs: 'HELD_WITH_DUTIES', failedAttempts: 1, outcome: 'DELIVERED' });
    for (const n of numbers) {
      const journey = s.create(registration(n));
      expect(journey.script.scenario).toMatchObject({ crossBorder: true, customs: 'HELD_WITH_DUTIES', failedAttempts: 1, outcome: 'DELIVERED', handOver: true });
      expect(s.plannedFor('sim-post', n)).toBeUndefined();
    }
  });

  it('draws from the seed where nothing is planned, and forgets plans on reset', () => {
    const s = store();
    const n = composeS10('CP', '20000001', 'CN');
    s.plan('sim-post', n, { outcome: 'RETURNED' });
    s.reset();
    expect(s.plannedFor('sim-post', n)).toBeUndefined();
    const drawn = new Set(Array.from({ length: 40 }, (_, i) => s.create(registration(composeS10('CP', String(30_000_000 + i), 'CN'))).script.scenario.customs));
    expect(drawn.size).toBeGreaterThan(1);
  });
});
