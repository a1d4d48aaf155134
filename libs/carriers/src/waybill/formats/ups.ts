import { upsCheckDigit } from '../check-digits';
import { checkDigitResult, WaybillFormat } from '../waybill-format';

/** UPS "1Z": 1Z + 6 shipper account + 2 service code + 7 package reference + check digit. */
export const ups1Z: WaybillFormat = {
  id: 'ups-1z',
  name: 'UPS 1Z',
  pattern: '1Z + 6 alphanumeric shipper number + 2 alphanumeric service code + 7 alphanumeric package id + 1 check digit',
  checkDigitAlgorithm:
    'UPS mod 10 over the 15 characters after 1Z: letters → (ASCII − 63) mod 10, even positions doubled, 10 − (sum mod 10)',
  example: '1Z999AA10123456784',
  specificity: 0.99,
  match(n) {
    const m = /^1Z([0-9A-Z]{6})([0-9A-Z]{2})([0-9A-Z]{7})([0-9])$/.exec(n);
    if (!m) return null;
    const [, shipper = '', serviceCode = '', packageId = '', check] = m;
    return {
      checkDigit: checkDigitResult(upsCheckDigit(shipper + serviceCode + packageId), check),
      parts: { shipperNumber: shipper, serviceCode, packageId },
    };
  },
};

/** UPS freight / waybill numbers: T + 10 digits. No check digit is published. */
export const upsWaybill: WaybillFormat = {
  id: 'ups-waybill',
  name: 'UPS waybill (T-number)',
  pattern: 'T + 10 digits',
  checkDigitAlgorithm: null,
  example: 'T1234567890',
  specificity: 0.7,
  match(n) {
    const m = /^T([0-9]{10})$/.exec(n);
    return m ? { checkDigit: 'NONE', parts: { serial: m[1] ?? '' } } : null;
  },
};

/** UPS Mail Innovations: MI + 6-digit mailer id + the mailer's package id (up to 22 characters). */
export const upsMailInnovations: WaybillFormat = {
  id: 'ups-mail-innovations',
  name: 'UPS Mail Innovations',
  pattern: 'MI + 6 digits mailer id + 1 to 22 alphanumeric package id',
  checkDigitAlgorithm: null,
  example: 'MI123456ORDER0001',
  specificity: 0.8,
  match(n) {
    const m = /^MI([0-9]{6})([0-9A-Z]{1,22})$/.exec(n);
    return m ? { checkDigit: 'NONE', parts: { mailerId: m[1] ?? '', packageId: m[2] ?? '' } } : null;
  },
};
