import { s10CheckDigit } from '../check-digits';
import { checkDigitResult, WaybillFormat } from '../waybill-format';
import { isIsoCountryCode } from './iso-countries';
import { findPostalOperator } from './postal-operators';

const S10 = /^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$/;

/** Service categories by the first letter of the S10 service indicator. */
const SERVICE_CATEGORIES: Readonly<Record<string, string>> = {
  C: 'parcel',
  E: 'EMS',
  L: 'tracked letter post',
  R: 'registered letter post',
  V: 'insured letter post',
};

/**
 * UPU S10: 2-letter service indicator, 8-digit serial, check digit, ISO 3166-1 country of the issuing
 * postal operator — e.g. `RB123456785GB`.
 */
export const upuS10: WaybillFormat = {
  id: 'upu-s10',
  name: 'UPU S10 (international postal item)',
  pattern: '2 letters service indicator + 8 digits serial + 1 check digit + 2 letters ISO country of the issuing operator',
  checkDigitAlgorithm: 'UPU S10 mod 11: weights 8,6,4,2,3,5,9,7; 11 − (sum mod 11), 10 → 0, 11 → 5',
  example: 'RB123456785GB',
  specificity: 0.95,
  match(n) {
    const m = S10.exec(n);
    if (!m) return null;
    const [, serviceIndicator = '', serial = '', check, countryCode = ''] = m;
    const operator = findPostalOperator(countryCode);
    return {
      checkDigit: checkDigitResult(s10CheckDigit(serial), check),
      parts: {
        serviceIndicator,
        serviceCategory: SERVICE_CATEGORIES[serviceIndicator.charAt(0)] ?? 'other',
        serial,
        countryCode,
        ...(operator ? { postalOperator: operator.name } : {}),
      },
      ...(isIsoCountryCode(countryCode) ? {} : { problem: `"${countryCode}" is not an ISO 3166-1 country code` }),
    };
  },
};

/** Build a valid S10 number from its parts (used by the simulator and tests). */
export function composeS10(serviceIndicator: string, serial: string, countryCode: string): string {
  if (!/^[A-Z]{2}$/.test(serviceIndicator)) throw new RangeError('service indicator must be 2 capital letters');
  if (!isIsoCountryCode(countryCode)) throw new RangeError(`"${countryCode}" is not an ISO 3166-1 country code`);
  return `${serviceIndicator}${serial}${s10CheckDigit(serial)}${countryCode}`;
}
