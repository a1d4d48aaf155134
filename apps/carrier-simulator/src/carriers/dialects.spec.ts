import { isTrackingStatus, isTrackingSubstatus } from '@parcelstream/contracts';
import { createHash, createHmac } from 'node:crypto';
import { CANONICAL, MILESTONES } from '../journeys/milestone';
import type { CarrierEvent } from './carrier-event';
import { isPushDialect, type PushDialect } from './carrier-dialect';
import { dialectOf, POLLED_DIALECT } from './dialects';
import { SIMULATED_CARRIERS } from './simulated-carriers';
import { signingSecretOf } from './webhook-signing';

const event = (over: Partial<CarrierEvent> = {}): CarrierEvent => ({
  ref: 'J000001#3',
  journeyId: 'J000001',
  seq: 3,
  kind: 'STEP',
  milestone: 'HANDED_TO_LAST_MILE',
  carrierCode: 'sim-post',
  trackingNumber: 'CP000000015CN',
  eventId: 'CP000000015CN.x.3',
  code: dialectOf('sim-post').codeOf('HANDED_TO_LAST_MILE'),
  occurredAt: '2026-11-24T18:30:00.000+00:00',
  place: { city: 'Coventry', region: 'West Midlands', countryCode: 'GB', facility: 'Coventry International Hub', utcOffsetMinutes: 0 },
  originCountryCode: 'CN',
  description: 'Handed over',
  estimatedDelivery: { from: '2026-11-26T08:00:00.000+00:00', to: '2026-11-26T18:00:00.000+00:00' },
  next: { carrierCode: 'sim-lastmile', trackingNumber: 'LM00000000010' },
  ...over,
});
const context = { deliveryId: 'sim_run_1', sentAtMs: Date.parse('2026-11-24T18:31:00Z') };

describe.each(SIMULATED_CARRIERS.map((c) => [c.code, dialectOf(c.code)] as const))('%s dialect', (_code, dialect) => {
  it('has a code for every milestone, meaning a canonical status (and a known sub-status of it)', () => {
    for (const m of MILESTONES) {
      const { rawCode, expected } = dialect.codeOf(m);
      expect(rawCode).toMatch(/^\S{1,80}$/);
      expect(isTrackingStatus(expected.status)).toBe(true);
      if (expected.substatus) expect(isTrackingSubstatus(expected.substatus) && expected.substatus.startsWith(`${expected.status}.`)).toBe(true);
      // a dialect may say less than the milestone, never something else
      expect(expected.status).toBe(CANONICAL[m].status);
    }
  });

  it('its unmapped codes are none of its mapped ones, and mean UNKNOWN', () => {
    const mapped = new Set(MILESTONES.map((m) => dialect.codeOf(m).rawCode));
    for (let n = 1; n <= 5; n++) {
      const code = dialect.unmappedCode(n);
      expect(mapped.has(code.rawCode)).toBe(false);
      expect(code.expected).toEqual({ status: 'UNKNOWN' });
      if (code.declared?.substatus) expect(isTrackingSubstatus(code.declared.substatus)).toBe(false);
    }
  });
});

describe('standard webhook (sim-post, sim-lastmile)', () => {
  const dialect = dialectOf('sim-post') as PushDialect;

  it('declares the canonical meaning itself, and carries the hand-over number, the ETA and the place', () => {
    expect(dialect.codeOf('CUSTOMS_HELD')).toEqual({ rawCode: 'CUS-H', expected: CANONICAL.CUSTOMS_HELD, declared: CANONICAL.CUSTOMS_HELD });
    const body = JSON.parse(dialect.render([event()], context));
    expect(body).toEqual({
      events: [
        {
          trackingNumber: 'CP000000015CN',
          eventId: 'CP000000015CN.x.3',
          status: 'IN_TRANSIT',
          substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE',
          rawCode: 'HND',
          description: 'Handed over',
          occurredAt: '2026-11-24T18:30:00.000+00:00',
          location: { city: 'Coventry', region: 'West Midlands', countryCode: 'GB', facility: 'Coventry International Hub' },
          estimatedDelivery: { from: '2026-11-26T08:00:00.000+00:00', to: '2026-11-26T18:00:00.000+00:00' },
          nextTrackingNumber: 'LM00000000010',
          nextCarrierCode: 'sim-lastmile',
        },
      ],
    });
  });

  it('signs with Standard Webhooks: v1,base64 HMAC-SHA256 of "id.timestamp.body"', () => {
    const raw = dialect.render([event()], context);
    const headers = dialect.signatureHeaders(raw, Buffer.from('sim-post-secret'), context);
    const ts = String(Math.floor(context.sentAtMs / 1000));
    expect(headers).toMatchObject({ 'webhook-id': 'sim_run_1', 'webhook-timestamp': ts });
    expect(headers['webhook-signature']).toBe(`v1,${createHmac('sha256', 'sim-post-secret').update(`sim_run_1.${ts}.${raw}`).digest('base64')}`);
  });
});

describe('aggregator style (sim-track)', () => {
  const dialect = dialectOf('sim-track') as PushDialect;
  const e = event({ carrierCode: 'sim-track', trackingNumber: 'ST00000000017', eventId: undefined, code: dialect.codeOf('HANDED_TO_LAST_MILE') });

  it('one tracking per request: tag/subtag checkpoints, alpha-3 countries, next_couriers, the delivery id and ts in the body', () => {
    expect(dialect.requestKey(e)).toBe('ST00000000017');
    const body = JSON.parse(dialect.render([e], context));
    expect(body).toMatchObject({
      event: 'tracking_update',
      event_id: 'sim_run_1',
      ts: Math.floor(context.sentAtMs / 1000),
      msg: {
        tracking_number: 'ST00000000017',
        slug: 'sim-track',
        tag: 'InTransit',
        subtag: 'InTransit_010',
        expected_delivery: '2026-11-26T18:00:00.000+00:00',
        next_couriers: [{ slug: 'sim-lastmile', tracking_number: 'LM00000000010' }],
        checkpoints: [{ checkpoint_time: e.occurredAt, tag: 'InTransit', subtag: 'InTransit_010', message: 'Handed over', city: 'Coventry', state: 'West Midlands', country_iso3: 'GBR' }],
      },
    });
  });

  it('signs aftership-hmac-sha256 = base64 HMAC-SHA256(body)', () => {
    const raw = dialect.render([e], context);
    expect(dialect.signatureHeaders(raw, Buffer.from('k'), context)['aftership-hmac-sha256']).toBe(createHmac('sha256', 'k').update(raw).digest('base64'));
  });
});

describe('17TRACK style (sim-seventeen)', () => {
  const dialect = dialectOf('sim-seventeen') as PushDialect;

  it('reports the origin and destination posts as two providers, newest first, with the delivery window', () => {
    const origin = event({ carrierCode: 'sim-seventeen', trackingNumber: 'SV0000000000013', eventId: undefined, milestone: 'DEPARTED_ORIGIN_COUNTRY', code: dialect.codeOf('DEPARTED_ORIGIN_COUNTRY'), place: { city: 'Shenzhen', countryCode: 'CN', utcOffsetMinutes: 480 }, occurredAt: '2026-11-20T22:00:00.000+08:00', estimatedDelivery: undefined, next: undefined });
    const dest1 = event({ carrierCode: 'sim-seventeen', trackingNumber: 'SV0000000000013', eventId: undefined, milestone: 'CUSTOMS_PROCESSING', code: dialect.codeOf('CUSTOMS_PROCESSING'), next: undefined, occurredAt: '2026-11-23T09:00:00.000+00:00' });
    const dest2 = { ...dest1, milestone: 'CUSTOMS_RELEASED' as const, code: dialect.codeOf('CUSTOMS_RELEASED'), occurredAt: '2026-11-24T09:00:00.000+00:00' };
    const body = JSON.parse(dialect.render([origin, dest1, dest2], context));
    expect(body.event).toBe('TRACKING_UPDATED');
    expect(body.data.number).toBe('SV0000000000013');
    expect(body.data.track_info.time_metrics.estimated_delivery_date).toEqual(dest1.estimatedDelivery);
    const providers = body.data.track_info.tracking.providers;
    expect(providers.map((p: { provider: { key: number } }) => p.provider.key)).toEqual([3011, 5011]);
    expect(providers[1].events.map((x: { sub_status: string }) => x.sub_status)).toEqual(['InTransit_CustomsReleased', 'InTransit_CustomsProcessing']);
    expect(providers[0].events[0]).toEqual({ time_iso: origin.occurredAt, description: 'Handed over', location: 'Shenzhen, CN', sub_status: 'InTransit_Departure', address: { country: 'CN', city: 'Shenzhen' } });
  });

  it('signs sign = hex SHA-256(body + "/" + key)', () => {
    const raw = dialect.render([event({ carrierCode: 'sim-seventeen' })], context);
    expect(dialect.signatureHeaders(raw, Buffer.from('k'), context).sign).toBe(createHash('sha256').update(`${raw}/k`).digest('hex'));
  });
});

describe('polled (sim-poll)', () => {
  it('renders one-letter events with id, time, place, duty and the transfer', () => {
    expect(isPushDialect(POLLED_DIALECT)).toBe(false);
    const e = event({ carrierCode: 'sim-poll', trackingNumber: 'PL0000000013', eventId: 'PL0000000013.x.3', code: POLLED_DIALECT.codeOf('HANDED_TO_LAST_MILE'), duties: { amount: '7.25', currency: 'EUR', payer: 'SELLER' } });
    expect(POLLED_DIALECT.renderEvent(e)).toEqual({
      id: 'PL0000000013.x.3',
      c: 'T',
      t: e.occurredAt,
      d: 'Handed over',
      loc: { city: 'Coventry', cc: 'GB' },
      eta: e.estimatedDelivery,
      duty: { amt: '7.25', cur: 'EUR', by: 'SELLER' },
      nxt: { carrier: 'sim-lastmile', no: 'LM00000000010' },
    });
  });
});

describe('signing secrets', () => {
  it('the first of a rotation list signs; whsec_ secrets are base64', () => {
    expect(signingSecretOf('new-secret, old-secret').toString()).toBe('new-secret');
    expect(signingSecretOf(`whsec_${Buffer.from('raw bytes').toString('base64')}`).toString()).toBe('raw bytes');
    expect(() => signingSecretOf(' , ')).toThrow(RangeError);
  });
});
