import { CarrierCode } from '../catalog/carrier';
import { listCarriers } from '../catalog/carrier-catalog';
import { CarrierFormatMatch, matchCarrierFormats } from './carrier-formats';
import { CheckDigitResult, isAcceptableMatch, MAX_WAYBILL_LENGTH, normalizeWaybill, WaybillFormatId } from './waybill-format';

export interface CarrierCandidate {
  carrierCode: CarrierCode;
  formatId: WaybillFormatId;
  /** 0..1; check-digit-valid candidates always rank above pattern-only ones, which rank above failed ones. */
  confidence: number;
  checkDigitValid: boolean;
  /** `NONE` when the format has no check digit (a pattern-only match). */
  checkDigit: CheckDigitResult;
  /** Named parts of the number, e.g. the S10 `countryCode` and `postalOperator`. */
  parts: Readonly<Record<string, string>>;
}

export interface DetectOptions {
  /** Also return shape matches whose check digit (or country) fails, ranked last. Default false. */
  includeInvalid?: boolean;
  /** Consider the simulator's carriers. Default true. */
  includeSimulated?: boolean;
}

/** A carrier that accepts S10 numbers from any country is a weaker guess than the country's own operator. */
const CATCH_ALL_S10_FIT = 0.6;
const TIER: Readonly<Record<CheckDigitResult, number>> = { VALID: 0, NONE: 1, INVALID: 2 };
const TIER_FACTOR: Readonly<Record<CheckDigitResult, number>> = { VALID: 1, NONE: 0.5, INVALID: 0.1 };

function toCandidate(carrierCode: CarrierCode, catchAllS10: boolean, m: CarrierFormatMatch): CarrierCandidate {
  const checkDigit: CheckDigitResult = isAcceptableMatch(m.match) ? m.match.checkDigit : 'INVALID';
  const fit = m.format.id === 'upu-s10' && catchAllS10 ? CATCH_ALL_S10_FIT : 1;
  return {
    carrierCode,
    formatId: m.format.id,
    confidence: Math.round(m.format.specificity * fit * TIER_FACTOR[checkDigit] * 1000) / 1000,
    checkDigitValid: checkDigit === 'VALID',
    checkDigit,
    parts: m.match.parts,
  };
}

function compare(a: CarrierCandidate, b: CarrierCandidate): number {
  return (
    TIER[a.checkDigit] - TIER[b.checkDigit] ||
    b.confidence - a.confidence ||
    a.carrierCode.localeCompare(b.carrierCode) ||
    a.formatId.localeCompare(b.formatId)
  );
}

/**
 * Ranked candidate carriers for a tracking number, best first (one per carrier, its best format).
 * Empty when no carrier's format fits.
 */
export function detectCarriers(trackingNumber: string, options: DetectOptions = {}): CarrierCandidate[] {
  const normalized = normalizeWaybill(trackingNumber);
  if (normalized === '' || normalized.length > MAX_WAYBILL_LENGTH) return [];
  const best: CarrierCandidate[] = [];
  for (const carrier of listCarriers({ includeSimulated: options.includeSimulated !== false })) {
    const candidates = matchCarrierFormats(carrier, normalized)
      .filter((m) => m.notIssuedByCarrier === undefined)
      .map((m) => toCandidate(carrier.code, carrier.s10CountryCodes === undefined, m))
      .filter((c) => options.includeInvalid === true || c.checkDigit !== 'INVALID')
      .sort(compare);
    if (candidates[0]) best.push(candidates[0]);
  }
  return best.sort(compare);
}
