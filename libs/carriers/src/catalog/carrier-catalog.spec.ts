import { WAYBILL_FORMAT_IDS } from '../waybill/waybill-format';
import { isIsoCountryCode } from '../waybill/formats/iso-countries';
import { POSTAL_OPERATORS } from '../waybill/formats/postal-operators';
import { CARRIER_CODES } from './carrier';
import { CARRIER_CATALOG, findCarrier, isCarrierCode, listCarriers } from './carrier-catalog';
import { validateAccountNumber } from './validate-account-number';

describe('carrier catalog', () => {
  it('lists every carrier code once', () => {
    expect(CARRIER_CATALOG.map((c) => c.code)).toEqual([...CARRIER_CODES]);
  });

  it.each(CARRIER_CATALOG.map((c) => [c.code, c] as const))('%s is consistent', (_code, carrier) => {
    expect(carrier.fulfillmentModels.includes('PLATFORM')).toBe(carrier.platformContracted);
    expect(carrier.fulfillmentModels).toContain('SELLER');
    expect(carrier.trackingNumberFormats.length).toBeGreaterThan(0);
    for (const f of carrier.trackingNumberFormats) expect(WAYBILL_FORMAT_IDS).toContain(f);
    for (const cc of carrier.s10CountryCodes ?? []) expect(isIsoCountryCode(cc)).toBe(true);
    expect(validateAccountNumber(carrier.code, carrier.accountNumber.example).valid).toBe(true);
  });

  it.each([
    ['sim-post', 'standard-webhook', true],
    ['sim-track', 'aftership-push', true],
    ['sim-seventeen', 'seventeentrack-push', true],
    ['sim-poll', 'polled', true],
    ['sim-lastmile', 'standard-webhook', true],
    ['ups', 'aftership-push', false],
    ['china-post', 'seventeentrack-push', false],
  ] as const)('%s connects by %s (platform-contracted: %s)', (code, style, contracted) => {
    expect(findCarrier(code)).toMatchObject({ connectorStyle: style, platformContracted: contracted });
  });

  it('finds and filters carriers', () => {
    expect(findCarrier('royal-mail')?.s10CountryCodes).toEqual(['GB']);
    expect(findCarrier('nope')).toBeUndefined();
    expect(isCarrierCode('fedex')).toBe(true);
    expect(isCarrierCode('FEDEX')).toBe(false);
    expect(listCarriers()).toHaveLength(CARRIER_CODES.length);
    expect(listCarriers({ includeSimulated: false }).map((c) => c.code)).toEqual([
      'ups', 'fedex', 'usps', 'dhl-express', 'royal-mail', 'china-post', 'postnl', 'deutsche-post',
    ]);
  });

  it('knows at least 30 postal operators, each under an ISO country code', () => {
    expect(POSTAL_OPERATORS.length).toBeGreaterThanOrEqual(30);
    for (const op of POSTAL_OPERATORS) expect(isIsoCountryCode(op.countryCode)).toBe(true);
  });
});

describe('validateAccountNumber', () => {
  it.each([
    ['ups', ' 999aa1 ', '999AA1'],
    ['fedex', '510 087 020', '510087020'],
    ['usps', '901000001', '901000001'],
    ['usps', '901000', '901000'],
    ['dhl-express', '950000002', '950000002'],
    ['royal-mail', '0123456789', '0123456789'],
    ['china-post', 'sz12345678', 'SZ12345678'],
    ['postnl', 'devc-11223344', 'DEVC-11223344'],
    ['deutsche-post', '6264937101', '6264937101'],
    ['sim-post', 'sim-000123', 'SIM-000123'],
  ] as const)('%s accepts %j', (carrier, account, normalized) => {
    expect(validateAccountNumber(carrier, account)).toEqual({ valid: true, normalized });
  });

  it.each([
    ['ups', '999AA', /UPS shipper number/],
    ['fedex', '51008702A', /9 digits/],
    ['usps', '9010000', /Mailer ID/],
    ['royal-mail', '012345678', /10 digits/],
    ['sim-post', 'SIM-12', /SIM-/],
    ['ups', '  ', /empty/],
    ['nope', '123456', /unknown carrier/],
  ] as const)('%s rejects %j', (carrier, account, reason) => {
    const result = validateAccountNumber(carrier, account);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });
});
