import { detectCarriers } from './detect-carriers';

const summary = (n: string, options?: Parameters<typeof detectCarriers>[1]) =>
  detectCarriers(n, options).map((c) => [c.carrierCode, c.formatId, c.checkDigit, c.confidence]);

describe('detectCarriers', () => {
  it.each([
    ['RB123456785GB', [['royal-mail', 'upu-s10', 'VALID', 0.95], ['sim-post', 'upu-s10', 'VALID', 0.57]]],
    ['RR123456785CN', [['china-post', 'upu-s10', 'VALID', 0.95], ['sim-post', 'upu-s10', 'VALID', 0.57]]],
    ['EE123456785US', [['usps', 'upu-s10', 'VALID', 0.95], ['sim-post', 'upu-s10', 'VALID', 0.57]]],
    ['1Z999AA10123456784', [['ups', 'ups-1z', 'VALID', 0.99]]],
    ['986578788855', [['fedex', 'fedex-express-12', 'VALID', 0.6]]],
    ['3318810025', [['dhl-express', 'dhl-express-10', 'VALID', 0.55]]],
    ['9611020987654312345672', [['fedex', 'fedex-ground-96', 'VALID', 0.9]]],
    // an IMpb-shaped 92… number is both a USPS IMpb and a FedEx SmartPost number: USPS first
    ['9261292700768711948021', [['usps', 'usps-impb', 'VALID', 0.85], ['fedex', 'fedex-smartpost', 'VALID', 0.55]]],
    ['9205590164917312751089', [['usps', 'usps-impb', 'VALID', 0.85], ['fedex', 'fedex-smartpost', 'VALID', 0.55]]],
    ['61299998820821171811', [['fedex', 'fedex-smartpost', 'VALID', 0.55]]],
    ['03071790000523483741', [['usps', 'usps-20', 'VALID', 0.6]]],
    ['T1234567890', [['ups', 'ups-waybill', 'NONE', 0.35]]],
    ['3SDEVC123456789', [['postnl', 'postnl-3s', 'NONE', 0.45]]],
    ['ST01234567895', [['sim-track', 'sim-track', 'VALID', 0.9]]],
    ['PL1234567891', [['sim-poll', 'sim-poll', 'VALID', 0.9]]],
    ['SV1234567890128', [['sim-seventeen', 'sim-seventeen', 'VALID', 0.9]]],
    ['LM01234567892', [['sim-lastmile', 'sim-lastmile', 'VALID', 0.9]]],
    // a check-digit-valid S10 match outranks UPS Mail Innovations, which fits by pattern only
    ['MI123456785GB', [['royal-mail', 'upu-s10', 'VALID', 0.95], ['sim-post', 'upu-s10', 'VALID', 0.57], ['ups', 'ups-mail-innovations', 'NONE', 0.4]]],
    ['RB123456784GB', []],
    ['3318810026', []],
    ['hello', []],
    ['', []],
    ['9'.repeat(41), []],
  ] as const)('%s → %j', (number, expected) => {
    expect(summary(number)).toEqual(expected);
  });

  it('normalises spaces, dashes and case', () => {
    expect(detectCarriers(' rb 1234-5678 5gb ')[0]?.carrierCode).toBe('royal-mail');
  });

  it('names the postal operator of an S10 number from a country the catalog lacks', () => {
    const [only, ...rest] = detectCarriers('RR123456785FR');
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ carrierCode: 'sim-post', checkDigitValid: true, parts: { countryCode: 'FR', postalOperator: 'La Poste' } });
    expect(detectCarriers('RR123456785FR', { includeSimulated: false })).toEqual([]);
  });

  it('with includeInvalid, ranks failed check digits after pattern-only matches', () => {
    expect(summary('MI123456784GB', { includeInvalid: true })).toEqual([
      ['ups', 'ups-mail-innovations', 'NONE', 0.4],
      ['royal-mail', 'upu-s10', 'INVALID', 0.095],
      ['sim-post', 'upu-s10', 'INVALID', 0.057],
    ]);
    expect(summary('MI123456784GB')).toEqual([['ups', 'ups-mail-innovations', 'NONE', 0.4]]);
  });

  it('is deterministic and reports confidences within 0..1, best first', () => {
    for (const n of ['9261292700768711948021', 'MI123456785GB', 'RB123456785GB']) {
      const result = detectCarriers(n, { includeInvalid: true });
      expect(detectCarriers(n, { includeInvalid: true })).toEqual(result);
      for (const c of result) expect(c.confidence).toBeGreaterThan(0);
      for (const c of result) expect(c.confidence).toBeLessThanOrEqual(1);
      expect(result.map((c) => c.checkDigitValid)).toEqual(result.map((c) => c.checkDigit === 'VALID'));
    }
  });
});
