import { WaybillFormat } from '../waybill-format';

/** PostNL domestic barcode: 3S + 4-letter customer code + 7 to 9 digits. No check digit. */
export const postnl3S: WaybillFormat = {
  id: 'postnl-3s',
  name: 'PostNL 3S barcode',
  pattern: '3S + 4 letters customer code + 7 to 9 digits',
  checkDigitAlgorithm: null,
  example: '3SDEVC123456789',
  specificity: 0.9,
  match(n) {
    const m = /^3S([A-Z]{4})([0-9]{7,9})$/.exec(n);
    return m ? { checkDigit: 'NONE', parts: { customerCode: m[1] ?? '', serial: m[2] ?? '' } } : null;
  },
};
