/**
 * Check-digit algorithms used by tracking-number formats. Every function takes the data characters
 * (without the check digit) and returns the expected check digit 0-9. Inputs are validated; a bad
 * input is a programming error and throws a RangeError.
 */

const DIGITS = /^[0-9]+$/;

function digitsOf(data: string): number[] {
  if (!DIGITS.test(data)) throw new RangeError(`expected digits only, got "${data}"`);
  return Array.from(data, (c) => c.charCodeAt(0) - 48);
}

/**
 * UPU S10 (§ 5.3): weights 8,6,4,2,3,5,9,7 over the 8-digit serial; c = 11 − (sum mod 11);
 * c = 10 → 0 and c = 11 → 5.
 */
export function s10CheckDigit(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const digits = digitsOf(serial);
  if (digits.length !== 8) throw new RangeError('an S10 serial has 8 digits');
  const c = 11 - (digits.reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0) % 11);
  if (c === 10) return 0;
  if (c === 11) return 5;
  return c;
}

/**
 * GS1 / USPS "mod 10": from the rightmost data digit leftwards, weights 3,1,3,1…;
 * check = (10 − sum mod 10) mod 10. Used by USPS (20/22/26 digit, IMpb), FedEx Ground 15/96 and SmartPost.
 */
export function gs1Mod10CheckDigit(data: string): number {
  const digits = digitsOf(data);
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) sum += (digits[i] ?? 0) * (k % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** Luhn (ISO/IEC 7812): from the rightmost data digit leftwards double every other digit, starting with it. */
export function luhnCheckDigit(data: string): number {
  const digits = digitsOf(data);
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) {
    const d = digits[i] ?? 0;
    const v = k % 2 === 0 ? d * 2 : d;
    sum += v > 9 ? v - 9 : v;
  }
  return (10 - (sum % 10)) % 10;
}

/** Mod 7: the data read as one integer, remainder mod 7 (DHL Express air waybills). */
export function mod7CheckDigit(data: string): number {
  return digitsOf(data).reduce((rem, d) => (rem * 10 + d) % 7, 0);
}

/**
 * FedEx Express 12-digit: weights 1,3,7 repeating from the rightmost data digit leftwards
 * (3,1,7,3,1,7… read left to right over 11 digits); check = (sum mod 11) mod 10.
 */
export function fedexExpressCheckDigit(data: string): number {
  const weights = [1, 3, 7];
  const digits = digitsOf(data);
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) sum += (digits[i] ?? 0) * (weights[k % 3] ?? 0);
  return (sum % 11) % 10;
}

/**
 * Weighted mod 11 with weights 2,3,4,5,6,7 repeating from the rightmost data digit leftwards;
 * check = (11 − sum mod 11) mod 11, and 10 → 0. (Used by the simulator's last-mile carrier.)
 */
export function mod11CheckDigit(data: string): number {
  const digits = digitsOf(data);
  let sum = 0;
  for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) sum += (digits[i] ?? 0) * (2 + (k % 6));
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 0 : c;
}

/**
 * UPS "1Z": over the 15 characters between "1Z" and the check digit, letters become digits as
 * (ASCII − 63) mod 10 (A=2, B=3 … H=9, I=0, J=1 …); characters in even 1-based positions are doubled;
 * check = (10 − sum mod 10) mod 10.
 */
export function upsCheckDigit(data: string): number {
  if (!/^[0-9A-Z]+$/.test(data)) throw new RangeError(`expected digits and capital letters, got "${data}"`);
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    const value = code <= 57 ? code - 48 : (code - 63) % 10;
    sum += i % 2 === 1 ? value * 2 : value;
  }
  return (10 - (sum % 10)) % 10;
}
