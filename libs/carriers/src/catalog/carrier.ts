import type { FulfillmentModel } from '@parcelstream/contracts';
import type { WaybillFormatId } from '../waybill/waybill-format';

export type { FulfillmentModel };

export const CARRIER_CODES = [
  'sim-post',
  'sim-track',
  'sim-seventeen',
  'sim-poll',
  'sim-lastmile',
  'ups',
  'fedex',
  'usps',
  'dhl-express',
  'royal-mail',
  'china-post',
  'postnl',
  'deutsche-post',
] as const;
export type CarrierCode = (typeof CARRIER_CODES)[number];

/**
 * How the platform receives a carrier's tracking events:
 * - `standard-webhook`: the carrier pushes the platform's open format (SPEC §5);
 * - `aftership-push` / `seventeentrack-push`: events arrive through (or in the style of) that aggregator;
 * - `polled`: carrier-sync asks the carrier's API on a schedule;
 * - `manual`: the seller posts updates by hand.
 */
export const CONNECTOR_STYLES = ['standard-webhook', 'aftership-push', 'seventeentrack-push', 'polled', 'manual'] as const;
export type ConnectorStyle = (typeof CONNECTOR_STYLES)[number];

/** The shape of the account number a seller gives when binding the carrier. */
export interface AccountNumberRule {
  /** RegExp source, matched against the normalised (trimmed, upper-cased, spaces removed) account number. */
  pattern: string;
  description: string;
  example: string;
}

export interface CarrierDefinition {
  code: CarrierCode;
  name: string;
  /** `PLATFORM` only when the platform holds a contract with the carrier (`platformContracted`). */
  fulfillmentModels: readonly FulfillmentModel[];
  platformContracted: boolean;
  connectorStyle: ConnectorStyle;
  /** Accepted tracking-number formats, most typical first. */
  trackingNumberFormats: readonly WaybillFormatId[];
  /** For `upu-s10`: the country suffixes this carrier issues; absent means any ISO country. */
  s10CountryCodes?: readonly string[];
  accountNumber: AccountNumberRule;
  /** Played by the carrier simulator (development, demos, tests). */
  simulated: boolean;
}
