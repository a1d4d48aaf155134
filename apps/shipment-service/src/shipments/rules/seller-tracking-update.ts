import type { FieldError, FulfillmentModel, ShipmentStatus, TrackingStatus } from '@parcelstream/contracts';
import { isTrackingSubstatus, statusOfSubstatus } from '@parcelstream/contracts';
import type { ShipmentRefusal } from './shipment-refusal';

/** How far ahead of our clock a seller's `occurredAt` may be (clock skew), in ms. */
export const MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;

/** Only the seller of a SELLER-model, live shipment posts manual logistics updates. */
export function sellerUpdateRefusal(shipment: { fulfillmentModel: FulfillmentModel; status: ShipmentStatus }): ShipmentRefusal | null {
  if (shipment.fulfillmentModel !== 'SELLER') {
    return { reason: 'NOT_SELLER_FULFILLED', detail: 'Manual logistics updates are for SELLER-model shipments; this one is tracked from its carrier.' };
  }
  if (shipment.status === 'CANCELLED') return { reason: 'SHIPMENT_CANCELLED', detail: 'This shipment is cancelled.' };
  return null;
}

/** The content of a manual update: a sub-status must be a known one of its status; the time not in the future. */
export function sellerUpdateErrors(update: { status: TrackingStatus; substatus?: string; occurredAt: string }, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (update.substatus !== undefined) {
    if (!isTrackingSubstatus(update.substatus)) errors.push({ field: 'substatus', message: `${update.substatus} is not a known sub-status` });
    else if (statusOfSubstatus(update.substatus) !== update.status) {
      errors.push({ field: 'substatus', message: `${update.substatus} is not a sub-status of ${update.status}` });
    }
  }
  const occurredAt = Date.parse(update.occurredAt);
  if (Number.isNaN(occurredAt)) errors.push({ field: 'occurredAt', message: 'occurredAt is not a date-time' });
  else if (occurredAt > now.getTime() + MAX_FUTURE_SKEW_MS) errors.push({ field: 'occurredAt', message: 'occurredAt is in the future' });
  return errors;
}
