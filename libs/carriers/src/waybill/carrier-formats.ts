import { CarrierDefinition } from '../catalog/carrier';
import { getWaybillFormat } from './formats';
import { FormatMatch, WaybillFormat } from './waybill-format';

/** One of a carrier's formats matched against a normalised number. */
export interface CarrierFormatMatch {
  format: WaybillFormat;
  match: FormatMatch;
  /** Set when the number fits the format but the carrier does not issue it (S10 from another country). */
  notIssuedByCarrier?: string;
}

/** Every format of the carrier whose shape the number has, in the carrier's order. */
export function matchCarrierFormats(carrier: CarrierDefinition, normalized: string): CarrierFormatMatch[] {
  const out: CarrierFormatMatch[] = [];
  for (const id of carrier.trackingNumberFormats) {
    const format = getWaybillFormat(id);
    const match = format.match(normalized);
    if (!match) continue;
    const country = match.parts['countryCode'] ?? '?';
    const allowed = id === 'upu-s10' ? carrier.s10CountryCodes : undefined;
    if (allowed === undefined || allowed.includes(country)) {
      out.push({ format, match });
    } else {
      const issuer = match.parts['postalOperator'] ?? `the ${country} postal operator`;
      out.push({ format, match, notIssuedByCarrier: `${country}-suffixed S10 numbers are issued by ${issuer}, not ${carrier.name}` });
    }
  }
  return out;
}
