import { CARRIER_CATALOG } from '../catalog/carrier-catalog';
import { getWaybillFormat } from './formats';
import { composeS10 } from './formats/upu-s10';
import { validateWaybill } from './validate-waybill';

describe('validateWaybill', () => {
  it.each([
    ['royal-mail', 'rb 123 456 785 gb', 'RB123456785GB', 'upu-s10'],
    ['china-post', 'RR123456785CN', 'RR123456785CN', 'upu-s10'],
    ['deutsche-post', 'RR-123456785-DE', 'RR123456785DE', 'upu-s10'],
    ['postnl', '3SDEVC123456789', '3SDEVC123456789', 'postnl-3s'],
    ['sim-post', 'RR123456785FR', 'RR123456785FR', 'upu-s10'],
    ['ups', '1z 999 aa1 0123 4567 84', '1Z999AA10123456784', 'ups-1z'],
    ['ups', 'T1234567890', 'T1234567890', 'ups-waybill'],
    ['fedex', '9611020987654312345672', '9611020987654312345672', 'fedex-ground-96'],
    ['fedex', '61299998820821171811', '61299998820821171811', 'fedex-smartpost'],
    ['fedex', '0414 4176 0228 964', '041441760228964', 'fedex-ground-15'],
    ['usps', '420 22153 9101026837331000039521', '420221539101026837331000039521', 'usps-impb-routed'],
    ['usps', 'EE123456785US', 'EE123456785US', 'upu-s10'],
    ['dhl-express', '33 1881 0025', '3318810025', 'dhl-express-10'],
    ['sim-track', 'ST01234567895', 'ST01234567895', 'sim-track'],
  ] as const)('%s accepts %s', (carrier, number, normalized, formatId) => {
    expect(validateWaybill(carrier, number)).toMatchObject({ valid: true, normalized, formatId });
  });

  it.each([
    ['royal-mail', 'RB123456784GB', /check digit .* wrong/],
    ['royal-mail', 'RR123456785CN', /issued by China Post, not Royal Mail/],
    ['sim-post', 'RB123456785XX', /not an ISO 3166-1/],
    ['ups', '1Z999AA10123456785', /check digit/],
    ['fedex', '986578788865', /check digit/],
    ['usps', '9400111899223197428490', /check digit/],
    ['dhl-express', '1Z999AA10123456784', /not a DHL Express tracking number/],
    ['sim-poll', 'ST01234567895', /not a Simulated Polled Carrier tracking number/],
    ['ups', '   ', /empty/],
    ['ups', '1Z'.repeat(21), /longer than 40/],
    ['no-such-carrier', '1Z999AA10123456784', /unknown carrier/],
  ] as const)('%s rejects %j', (carrier, number, reason) => {
    const result = validateWaybill(carrier, number);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toMatch(reason);
  });

  it('returns the parts of the accepted number', () => {
    expect(validateWaybill('ups', '1Z999AA10123456784')).toEqual({
      valid: true,
      normalized: '1Z999AA10123456784',
      formatId: 'ups-1z',
      checkDigit: 'VALID',
      parts: { shipperNumber: '999AA1', serviceCode: '01', packageId: '2345678' },
    });
  });

  it.each(CARRIER_CATALOG.flatMap((c) => c.trackingNumberFormats.map((f) => [c.code, f] as const)))(
    '%s accepts an example of its format %s',
    (code, formatId) => {
      const carrier = CARRIER_CATALOG.find((c) => c.code === code);
      const countries = carrier?.s10CountryCodes;
      const example = formatId === 'upu-s10' && countries?.[0] ? composeS10('RR', '12345678', countries[0]) : getWaybillFormat(formatId).example;
      expect(validateWaybill(code, example)).toMatchObject({ valid: true, formatId });
    },
  );
});
