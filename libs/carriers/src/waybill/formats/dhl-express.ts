import { mod7CheckDigit } from '../check-digits';
import { checkDigitResult, WaybillFormat } from '../waybill-format';

/** DHL Express air waybill: 10 digits, the last is the first nine mod 7. */
export const dhlExpress10: WaybillFormat = {
  id: 'dhl-express-10',
  name: 'DHL Express air waybill (10 digits)',
  pattern: '9 digits serial + 1 check digit',
  checkDigitAlgorithm: 'mod 7: the 9-digit serial as an integer, remainder mod 7',
  example: '3318810025',
  specificity: 0.55,
  match(n) {
    const m = /^([0-9]{9})([0-9])$/.exec(n);
    if (!m) return null;
    const serial = m[1] ?? '';
    return { checkDigit: checkDigitResult(mod7CheckDigit(serial), m[2]), parts: { serial } };
  },
};
