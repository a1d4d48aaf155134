import { WaybillFormatId } from '../waybill-format';
import { getWaybillFormat, WAYBILL_FORMATS } from '.';
import { composeS10 } from './upu-s10';
import { composeSimulatorWaybill } from './simulator';

/**
 * [format, a valid number, the same number with one digit changed].
 * Real numbers come from the UPU S10 standard and SPEC, UPS's documentation and the published test sets
 * of jkeen/tracking_number_data; every check digit was recomputed independently before being written here.
 */
const CASES: readonly (readonly [WaybillFormatId, string, string])[] = [
  ['upu-s10', 'RB123456785GB', 'RB123456784GB'],
  ['upu-s10', 'AA473124829GB', 'AA473124828GB'],
  ['upu-s10', 'EE123456785US', 'EE123456786US'],
  ['upu-s10', 'CP123456785CN', 'CP123456885CN'],
  ['ups-1z', '1Z999AA10123456784', '1Z999AA10123456794'],
  ['ups-1z', '1Z5R89390357567127', '1Z5R89390357567227'],
  ['ups-1z', '1Z879E930346834440', '1Z879E930346834441'],
  ['ups-1z', '1Z410E7W0392751591', '1Z410E7W0392752591'],
  ['ups-1z', '1Z8V92A70367203024', '1Z8V92A70367203025'],
  ['fedex-express-12', '986578788855', '986578788865'],
  ['fedex-express-12', '477179081230', '477179081231'],
  ['fedex-express-12', '799531274483', '799531274493'],
  ['fedex-express-12', '790535312317', '790535312318'],
  ['fedex-ground-15', '449044304137821', '449044304137822'],
  ['fedex-ground-15', '041441760228964', '041441760228974'],
  ['fedex-ground-15', '568283610012734', '568283610012732'],
  ['fedex-smartpost', '61299998820821171811', '61299998820821171812'],
  ['fedex-smartpost', '9261292700768711948021', '9261292700768711948020'],
  ['fedex-ground-96', '9611020987654312345672', '9611020987654312345673'],
  ['usps-20', '03071790000523483741', '03071790000523483742'],
  ['usps-20', '71123456789123456787', '71123456789123456788'],
  ['usps-impb', '9205590164917312751089', '9205590164917312751088'],
  ['usps-impb', '9400111201080805483016', '9400111201080805484016'],
  ['usps-impb', '9361289878700317633795', '9361289878700317633796'],
  ['usps-impb', '9505511069605048600624', '9505511069605048600625'],
  // often quoted as a USPS example, but …490 fails the mod 10 check; the valid number ends in 7
  ['usps-impb', '9400111899223197428497', '9400111899223197428490'],
  ['usps-impb-routed', '420221539101026837331000039521', '420221539101026837331000039522'],
  ['usps-impb-routed', '4201002334249200190132607600833457', '4201002334249200190132607600833458'],
  ['dhl-express-10', '3318810025', '3318810026'],
  ['dhl-express-10', '8487135506', '8487135507'],
  ['dhl-express-10', '1099255990', '1099256990'],
  ['dhl-express-10', '3821724944', '3821724945'],
  ['sim-track', 'ST01234567895', 'ST01234567896'],
  ['sim-seventeen', 'SV1234567890128', 'SV1234567890129'],
  ['sim-poll', 'PL1234567891', 'PL1234567892'],
  ['sim-lastmile', 'LM01234567892', 'LM01234567893'],
];

describe('waybill formats', () => {
  it.each(CASES)('%s accepts %s and rejects the one-digit-off %s', (id, valid, invalid) => {
    const format = getWaybillFormat(id);
    expect(format.match(valid)?.checkDigit).toBe('VALID');
    expect(format.match(invalid)?.checkDigit).toBe('INVALID');
  });

  it.each(WAYBILL_FORMATS.map((f) => [f.id, f] as const))('%s: its documented example is valid', (_id, format) => {
    const match = format.match(format.example);
    expect(match).not.toBeNull();
    expect(match?.checkDigit).toBe(format.checkDigitAlgorithm === null ? 'NONE' : 'VALID');
    expect(match?.problem).toBeUndefined();
  });

  it.each([
    ['ups-waybill', 'T1234567890', 'T123456789'],
    ['ups-mail-innovations', 'MI123456ORDER0001', 'MI12345'],
    ['postnl-3s', '3SDEVC123456789', '3SDEV1123456789'],
  ] as const)('%s is pattern-only: %s fits, %s does not', (id, fits, doesNot) => {
    expect(getWaybillFormat(id).match(fits)?.checkDigit).toBe('NONE');
    expect(getWaybillFormat(id).match(doesNot)).toBeNull();
  });

  it('reads the parts of an S10 number and names the postal operator', () => {
    expect(getWaybillFormat('upu-s10').match('RB123456785GB')?.parts).toEqual({
      serviceIndicator: 'RB',
      serviceCategory: 'registered letter post',
      serial: '12345678',
      countryCode: 'GB',
      postalOperator: 'Royal Mail',
    });
  });

  it('flags an S10 suffix that is no ISO country', () => {
    expect(getWaybillFormat('upu-s10').match('RB123456785XX')?.problem).toMatch(/not an ISO 3166-1/);
  });

  it.each([
    ['ups-1z', '1Z999AA1012345678'],
    ['fedex-ground-96', '9511020987654312345672'],
    ['usps-impb', '9605590164917312751089'],
    ['dhl-express-10', '33188100250'],
  ] as const)('%s does not take the shape of %s', (id, number) => {
    expect(getWaybillFormat(id).match(number)).toBeNull();
  });

  it('composes valid S10 and simulator numbers', () => {
    expect(composeS10('RB', '12345678', 'GB')).toBe('RB123456785GB');
    expect(() => composeS10('RB', '12345678', 'XX')).toThrow(RangeError);
    expect(composeSimulatorWaybill('sim-track', 123456789)).toBe('ST01234567895');
    expect(composeSimulatorWaybill('sim-poll', 1)).toBe('PL0000000011');
    expect(() => composeSimulatorWaybill('sim-poll', 1e10)).toThrow(RangeError);
  });
});
