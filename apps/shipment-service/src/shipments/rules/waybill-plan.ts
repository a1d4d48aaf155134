import { findCarrier, validateWaybill, type CarrierDefinition } from '@parcelstream/carriers';
import type { FulfillmentModel } from '@parcelstream/contracts';
import type { ShipmentRefusal } from './shipment-refusal';

export type WaybillPlan =
  | { ok: true; carrier: CarrierDefinition; /** normalised; null when the carrier will allocate it */ trackingNumber: string | null }
  | { ok: false; refusal: ShipmentRefusal };

/**
 * The carrier and waybill side of a shipment request, before any database check: `PLATFORM` needs a
 * platform-contracted carrier and no tracking number (the carrier allocates one); `SELLER` needs a tracking
 * number that is valid for the carrier (format and check digit). Whether a SELLER carrier is bound is
 * checked against the seller's bindings afterwards.
 */
export function planWaybill(model: FulfillmentModel, carrierCode: string, trackingNumber: string | null | undefined): WaybillPlan {
  const given = trackingNumber?.trim() ? trackingNumber : undefined;
  if (model === 'PLATFORM' && trackingNumber != null) {
    return refuse('TRACKING_NUMBER_NOT_ALLOWED', 'A PLATFORM-model shipment gets its waybill from the carrier; do not send a trackingNumber.', 'trackingNumber');
  }
  if (model === 'SELLER' && given === undefined) {
    return refuse('TRACKING_NUMBER_REQUIRED', 'A SELLER-model shipment needs the trackingNumber the carrier gave the seller.', 'trackingNumber');
  }
  const carrier = findCarrier(carrierCode);
  if (!carrier) return refuse('UNKNOWN_CARRIER', `The carrier catalog has no carrier "${carrierCode}".`, 'carrierCode');
  switch (model) {
    case 'PLATFORM':
      if (!carrier.platformContracted) {
        return refuse('CARRIER_NOT_PLATFORM_CONTRACTED', `The platform has no contract with ${carrier.name}; ship with the SELLER model instead.`, 'carrierCode');
      }
      return { ok: true, carrier, trackingNumber: null };
    case 'SELLER': {
      const waybill = validateWaybill(carrier.code, given as string);
      if (!waybill.valid) return refuse('INVALID_WAYBILL', `Not a valid ${carrier.name} tracking number: ${waybill.reason}.`, 'trackingNumber', waybill.reason);
      return { ok: true, carrier, trackingNumber: waybill.normalized };
    }
  }
}

function refuse(reason: ShipmentRefusal['reason'], detail: string, field: string, message = detail): WaybillPlan {
  return { ok: false, refusal: { reason, detail, errors: [{ field, message }] } };
}
