import {
  fedexExpressCheckDigit,
  gs1Mod10CheckDigit,
  luhnCheckDigit,
  mod11CheckDigit,
  mod7CheckDigit,
  s10CheckDigit,
  upsCheckDigit,
} from './check-digits';

describe('check-digit algorithms', () => {
  // Each expected value was computed by hand / an independent one-off and matches the published example number.
  it.each([
    ['S10 of RB123456785GB (SPEC, UPU S10)', s10CheckDigit, '12345678', 5],
    ['S10 of AA473124829GB (UPU S10 example)', s10CheckDigit, '47312482', 9],
    ['UPS of 1Z999AA10123456784 (UPS documented example)', upsCheckDigit, '999AA1012345678', 4],
    ['UPS of 1Z5R89390357567127 (letters R → 1)', upsCheckDigit, '5R8939035756712', 7],
    ['FedEx Express of 986578788855', fedexExpressCheckDigit, '98657878885', 5],
    ['GS1 mod 10 of FedEx Ground 449044304137821', gs1Mod10CheckDigit, '44904430413782', 1],
    ['GS1 mod 10 of USPS 9205590164917312751089', gs1Mod10CheckDigit, '920559016491731275108', 9],
    ['mod 7 of DHL Express 3318810025', mod7CheckDigit, '331881002', 5],
    ['Luhn of 7992739871 (the Luhn textbook example)', luhnCheckDigit, '7992739871', 3],
    ['mod 11 of 0000000001 (2 × 1 = 2 → 9)', mod11CheckDigit, '0000000001', 9],
  ] as const)('%s', (_label, algorithm, data, expected) => {
    expect(algorithm(data)).toBe(expected);
  });

  it('maps S10 remainders 10 → 0 and 11 → 5, so two serials can share a check digit', () => {
    // weighted sums 204 (remainder 6 → 11 − 6 = 5) and 209 (remainder 0 → 11 → 5): a known weakness of S10
    expect(s10CheckDigit('12345678')).toBe(5);
    expect(s10CheckDigit('12345778')).toBe(5);
  });

  it.each([
    ['s10CheckDigit', () => s10CheckDigit('1234567')],
    ['s10CheckDigit', () => s10CheckDigit('1234567A')],
    ['gs1Mod10CheckDigit', () => gs1Mod10CheckDigit('12 3')],
    ['upsCheckDigit', () => upsCheckDigit('999aa1')],
  ])('%s refuses malformed input', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});
