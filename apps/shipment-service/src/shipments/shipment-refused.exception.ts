import { HttpException, HttpStatus } from '@nestjs/common';
import type { ShipmentRefusal, ShipmentRefusalReason } from './rules/shipment-refusal';

/** Every refusal reason with its HTTP status and problem title (the Record type keeps it exhaustive). */
const PROBLEMS: Readonly<Record<ShipmentRefusalReason, { status: HttpStatus; title: string }>> = {
  ORDER_NOT_FOUND: { status: HttpStatus.NOT_FOUND, title: 'Order not found' },
  SHIPMENT_NOT_FOUND: { status: HttpStatus.NOT_FOUND, title: 'Shipment not found' },
  ORDER_CANCELLED: { status: HttpStatus.CONFLICT, title: 'Order cancelled' },
  NOTHING_LEFT_TO_SHIP: { status: HttpStatus.CONFLICT, title: 'Nothing left to ship' },
  ITEMS_NOT_SHIPPABLE: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Items cannot be shipped' },
  UNKNOWN_CARRIER: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Unknown carrier' },
  CARRIER_NOT_BOUND: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Carrier not bound' },
  CARRIER_NOT_PLATFORM_CONTRACTED: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Carrier not contracted by the platform' },
  TRACKING_NUMBER_REQUIRED: { status: HttpStatus.BAD_REQUEST, title: 'Tracking number required' },
  TRACKING_NUMBER_NOT_ALLOWED: { status: HttpStatus.BAD_REQUEST, title: 'Tracking number not allowed' },
  INVALID_WAYBILL: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid tracking number' },
  WAYBILL_IN_USE: { status: HttpStatus.CONFLICT, title: 'Tracking number already in use' },
  ALREADY_SCANNED: { status: HttpStatus.CONFLICT, title: 'Shipment already scanned by the carrier' },
  NOT_SELLER_FULFILLED: { status: HttpStatus.CONFLICT, title: 'Not a SELLER-model shipment' },
  SHIPMENT_CANCELLED: { status: HttpStatus.CONFLICT, title: 'Shipment cancelled' },
  INVALID_TRACKING_UPDATE: { status: HttpStatus.UNPROCESSABLE_ENTITY, title: 'Invalid logistics update' },
};

const problemType = (reason: ShipmentRefusalReason) => `urn:parcelstream:problem:${reason.toLowerCase().replace(/_/g, '-')}`;

/** A refused shipment request, rendered by the ProblemDetailsFilter as RFC 9457 (`type` names the reason). */
export class ShipmentRefusedException extends HttpException {
  readonly reason: ShipmentRefusalReason;

  constructor(refusal: ShipmentRefusal) {
    const problem = PROBLEMS[refusal.reason];
    super({ type: problemType(refusal.reason), title: problem.title, detail: refusal.detail, errors: refusal.errors }, problem.status);
    this.reason = refusal.reason;
  }
}

export const refused = (refusal: ShipmentRefusal) => new ShipmentRefusedException(refusal);
