/** Every tracking-number format the library knows. Carriers reference these ids in the catalog. */
export const WAYBILL_FORMAT_IDS = [
  'upu-s10',
  'ups-1z',
  'ups-waybill',
  'ups-mail-innovations',
  'fedex-express-12',
  'fedex-ground-15',
  'fedex-smartpost',
  'fedex-ground-96',
  'usps-20',
  'usps-impb',
  'usps-impb-routed',
  'dhl-express-10',
  'postnl-3s',
  'sim-track',
  'sim-seventeen',
  'sim-poll',
  'sim-lastmile',
] as const;
export type WaybillFormatId = (typeof WAYBILL_FORMAT_IDS)[number];

/** `NONE`: the format has no published check digit, so only the pattern could be checked. */
export type CheckDigitResult = 'VALID' | 'INVALID' | 'NONE';

/** A number that has the shape of a format. */
export interface FormatMatch {
  checkDigit: CheckDigitResult;
  /** Named parts of the number, e.g. `serial`, `countryCode`, `serviceType`. */
  parts: Readonly<Record<string, string>>;
  /** Set when the shape fits but a field is not allowed (e.g. an S10 suffix that is no ISO country). */
  problem?: string;
}

export interface WaybillFormat {
  id: WaybillFormatId;
  name: string;
  /** Human description of the pattern. */
  pattern: string;
  /** Human description of the check-digit algorithm, or null when the format has none. */
  checkDigitAlgorithm: string | null;
  /** A number that is valid in this format. */
  example: string;
  /** How distinctive a match is on its own, 0..1 (a check-digit-valid match's confidence). */
  specificity: number;
  /** Inspect a normalised number; null when it does not have this format's shape. */
  match(normalized: string): FormatMatch | null;
}

/** No supported format is longer (the longest, a routed USPS IMpb, has 38 digits). */
export const MAX_WAYBILL_LENGTH = 40;

/** Upper-case, drop whitespace and dashes. */
export function normalizeWaybill(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** Compare a computed check digit with the one written in the number. */
export function checkDigitResult(expected: number, written: string | undefined): CheckDigitResult {
  return String(expected) === written ? 'VALID' : 'INVALID';
}

/** Whether a match is an acceptable number (right shape, no problem, check digit not failing). */
export function isAcceptableMatch(match: FormatMatch): boolean {
  return match.problem === undefined && match.checkDigit !== 'INVALID';
}
