import { findCarrier } from '../catalog/carrier-catalog';
import { getWaybillFormat } from './formats';
import { matchCarrierFormats } from './carrier-formats';
import { MAX_WAYBILL_LENGTH, normalizeWaybill, WaybillFormatId } from './waybill-format';

export type WaybillValidation =
  | {
      valid: true;
      normalized: string;
      formatId: WaybillFormatId;
      /** `NONE` when the format has no check digit and only the pattern was checked. */
      checkDigit: 'VALID' | 'NONE';
      parts: Readonly<Record<string, string>>;
    }
  | { valid: false; reason: string };

/**
 * Check a tracking number against one carrier's formats and check digits.
 * Normalises first: upper-case, spaces and dashes removed.
 */
export function validateWaybill(carrierCode: string, trackingNumber: string): WaybillValidation {
  const carrier = findCarrier(carrierCode);
  if (!carrier) return { valid: false, reason: `unknown carrier "${carrierCode}"` };
  const normalized = normalizeWaybill(trackingNumber);
  if (normalized === '') return { valid: false, reason: 'the tracking number is empty' };
  if (normalized.length > MAX_WAYBILL_LENGTH) return { valid: false, reason: `longer than ${MAX_WAYBILL_LENGTH} characters` };

  const matches = matchCarrierFormats(carrier, normalized);
  for (const { format, match, notIssuedByCarrier } of matches) {
    if (notIssuedByCarrier !== undefined || match.problem !== undefined || match.checkDigit === 'INVALID') continue;
    return { valid: true, normalized, formatId: format.id, checkDigit: match.checkDigit, parts: match.parts };
  }
  const first = matches[0];
  if (first) {
    if (first.match.problem !== undefined) return { valid: false, reason: first.match.problem };
    if (first.notIssuedByCarrier !== undefined) return { valid: false, reason: first.notIssuedByCarrier };
    return { valid: false, reason: `the check digit of this ${first.format.name} number is wrong` };
  }
  const expected = carrier.trackingNumberFormats.map((id) => `${getWaybillFormat(id).name}: ${getWaybillFormat(id).pattern}`);
  return { valid: false, reason: `not a ${carrier.name} tracking number (expected ${expected.join('; or ')})` };
}
