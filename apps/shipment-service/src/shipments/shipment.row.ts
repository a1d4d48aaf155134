import type { FulfillmentModel, LiabilityParty, ShipmentStatus } from '@parcelstream/contracts';
import type { CarrierRegistrationStatus, ShipmentView } from './dto/shipment.view';
import type { VerificationStatus } from './rules/fulfillment-terms';

/** A `shipments.shipments` row with its items, as the read queries return it. */
export interface ShipmentRow {
  shipment_id: string;
  order_id: string;
  order_number: string;
  seller_id: string;
  buyer_id: string;
  carrier_code: string;
  tracking_number: string | null;
  fulfillment_model: FulfillmentModel;
  liability: LiabilityParty;
  status: ShipmentStatus;
  verification_status: VerificationStatus;
  carrier_registration_status: CarrierRegistrationStatus;
  carrier_registration_failure: string | null;
  waybill_assigned_at: Date | null;
  first_scan_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cancelled_at: Date | null;
  cancellation_reason: string | null;
  items: { sku: string; quantity: number }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toShipmentView(row: ShipmentRow): ShipmentView {
  return {
    shipmentId: row.shipment_id,
    orderId: row.order_id,
    orderNumber: row.order_number,
    carrierCode: row.carrier_code,
    trackingNumber: row.tracking_number,
    fulfillmentModel: row.fulfillment_model,
    liability: row.liability,
    status: row.status,
    verificationStatus: row.verification_status,
    carrierRegistration: { status: row.carrier_registration_status, failureReason: row.carrier_registration_failure },
    firstScanAt: iso(row.first_scan_at),
    waybillAssignedAt: iso(row.waybill_assigned_at),
    items: row.items,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    cancelledAt: iso(row.cancelled_at),
    cancellationReason: row.cancellation_reason,
  };
}
