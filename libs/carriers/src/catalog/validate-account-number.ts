import { findCarrier } from './carrier-catalog';

export type AccountNumberValidation = { valid: true; normalized: string } | { valid: false; reason: string };

/** Check the account number a seller gives when binding a carrier. Normalises by trimming, upper-casing and removing spaces. */
export function validateAccountNumber(carrierCode: string, accountNumber: string): AccountNumberValidation {
  const carrier = findCarrier(carrierCode);
  if (!carrier) return { valid: false, reason: `unknown carrier "${carrierCode}"` };
  const normalized = accountNumber.replace(/\s+/g, '').toUpperCase();
  if (normalized === '') return { valid: false, reason: 'the account number is empty' };
  if (!new RegExp(carrier.accountNumber.pattern).test(normalized)) {
    return { valid: false, reason: `not a ${carrier.name} account number (expected ${carrier.accountNumber.description})` };
  }
  return { valid: true, normalized };
}
