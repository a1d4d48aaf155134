import type { FieldError } from '@parcelstream/contracts';

/** Why a shipment request is refused: each reason has one HTTP status (see shipment-refused.exception.ts). */
export type ShipmentRefusalReason =
  | 'ORDER_NOT_FOUND'
  | 'SHIPMENT_NOT_FOUND'
  | 'ORDER_CANCELLED'
  | 'NOTHING_LEFT_TO_SHIP'
  | 'ITEMS_NOT_SHIPPABLE'
  | 'UNKNOWN_CARRIER'
  | 'CARRIER_NOT_BOUND'
  | 'CARRIER_NOT_PLATFORM_CONTRACTED'
  | 'TRACKING_NUMBER_REQUIRED'
  | 'TRACKING_NUMBER_NOT_ALLOWED'
  | 'INVALID_WAYBILL'
  | 'WAYBILL_IN_USE'
  | 'ALREADY_SCANNED'
  | 'NOT_SELLER_FULFILLED'
  | 'SHIPMENT_CANCELLED'
  | 'INVALID_TRACKING_UPDATE';

export interface ShipmentRefusal {
  reason: ShipmentRefusalReason;
  detail: string;
  errors?: FieldError[];
}
