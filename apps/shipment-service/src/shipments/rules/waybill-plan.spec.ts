import { composeS10 } from '@parcelstream/carriers';
import { planWaybill } from './waybill-plan';

describe('planWaybill', () => {
  const s10 = composeS10('RB', '12345678', 'CN');

  it('SELLER: a valid number for the carrier is accepted, normalised', () => {
    const plan = planWaybill('SELLER', 'sim-post', ` ${s10.slice(0, 5).toLowerCase()}-${s10.slice(5)} `);
    expect(plan).toMatchObject({ ok: true, carrier: { code: 'sim-post' }, trackingNumber: s10 });
  });

  it('SELLER: a real carrier the platform does not contract is fine (the binding is checked later)', () => {
    expect(planWaybill('SELLER', 'ups', '1Z999AA10123456784')).toMatchObject({ ok: true, trackingNumber: '1Z999AA10123456784' });
  });

  it.each([
    ['no tracking number', 'sim-post', undefined, 'TRACKING_NUMBER_REQUIRED'],
    ['a blank tracking number', 'sim-post', '   ', 'TRACKING_NUMBER_REQUIRED'],
    ['a wrong check digit', 'sim-post', `${s10.slice(0, 10)}${(Number(s10[10]) + 1) % 10}CN`, 'INVALID_WAYBILL'],
    ['another carrier\'s format', 'sim-post', '1Z999AA10123456784', 'INVALID_WAYBILL'],
    ['an S10 number of another country for a national post', 'royal-mail', composeS10('RR', '12345678', 'CN'), 'INVALID_WAYBILL'],
    ['an unknown carrier', 'no-such-carrier', s10, 'UNKNOWN_CARRIER'],
  ] as const)('SELLER: refuses %s', (_what, carrier, number, reason) => {
    const plan = planWaybill('SELLER', carrier, number);
    expect(plan).toMatchObject({ ok: false, refusal: { reason } });
    if (!plan.ok) expect(plan.refusal.errors?.[0]?.field).toBe(reason === 'UNKNOWN_CARRIER' ? 'carrierCode' : 'trackingNumber');
  });

  it('PLATFORM: a contracted carrier allocates the number', () => {
    expect(planWaybill('PLATFORM', 'sim-post', undefined)).toMatchObject({ ok: true, trackingNumber: null });
  });

  it.each([
    ['a tracking number', 'sim-post', s10, 'TRACKING_NUMBER_NOT_ALLOWED'],
    ['a carrier without a platform contract', 'ups', undefined, 'CARRIER_NOT_PLATFORM_CONTRACTED'],
    ['an unknown carrier', 'nope', undefined, 'UNKNOWN_CARRIER'],
  ] as const)('PLATFORM: refuses %s', (_what, carrier, number, reason) => {
    expect(planWaybill('PLATFORM', carrier, number)).toMatchObject({ ok: false, refusal: { reason } });
  });

  it('names the reason of an invalid number', () => {
    const plan = planWaybill('SELLER', 'sim-post', 'RB12345678XCN');
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.refusal.detail).toMatch(/^Not a valid Simulated Post tracking number: /);
  });
});
