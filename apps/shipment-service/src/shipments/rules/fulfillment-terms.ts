import type { FulfillmentModel, LiabilityParty, ShipmentStatus } from '@parcelstream/contracts';

export const VERIFICATION_STATUSES = ['NOT_REQUIRED', 'PENDING', 'VERIFIED', 'UNVERIFIED'] as const;
/** SELLER-model shipments are verified from carrier data (a first physical scan within the window); PLATFORM ones need not be. */
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export interface FulfillmentTerms {
  /** who answers for loss and damage */
  liability: LiabilityParty;
  initialStatus: ShipmentStatus;
  initialVerification: VerificationStatus;
}

/**
 * What the fulfilment model decides (SPEC §3): `PLATFORM` — the platform is liable and the carrier allocates
 * the waybill (the shipment waits in AWAITING_WAYBILL); `SELLER` — the seller is liable, gives the waybill,
 * and the shipment waits for pickup while its verification is pending.
 */
export function fulfillmentTermsOf(model: FulfillmentModel): FulfillmentTerms {
  switch (model) {
    case 'PLATFORM':
      return { liability: 'PLATFORM', initialStatus: 'AWAITING_WAYBILL', initialVerification: 'NOT_REQUIRED' };
    case 'SELLER':
      return { liability: 'SELLER', initialStatus: 'AWAITING_PICKUP', initialVerification: 'PENDING' };
  }
}
