import type { MappingTable } from '../connector';

/**
 * The 17TRACK-style push (carrier `sim-seventeen`): raw code = 17TRACK's `sub_status` (main status
 * `InTransit`, `Delivered`, `Exception`, … and its sub-status such as `InTransit_CustomsProcessing`).
 */
export const SEVENTEENTRACK_MAPPING: MappingTable = Object.freeze({
  NotFound_Other: { status: 'PENDING', reason: 'not found yet' },
  InfoReceived: { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED', reason: 'the carrier has the shipment data' },
  InTransit_PickedUp: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', reason: 'picked up' },
  InTransit_Departure: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', reason: 'departed the origin country' },
  InTransit_Arrival: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY', reason: 'arrived in the destination country' },
  InTransit_CustomsProcessing: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING', reason: 'in customs' },
  InTransit_CustomsReleased: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED', reason: 'released by customs' },
  InTransit_CustomsRequiringInformation: { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD', reason: 'customs needs information or payment' },
  InTransit_Other: { status: 'IN_TRANSIT', reason: 'in transit' },
  Expired_Other: { status: 'EXPIRED', substatus: 'EXPIRED.NO_SCANS', reason: 'no update for a long time' },
  AvailableForPickup_Other: { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT', reason: 'ready for pickup' },
  OutForDelivery_Other: { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER', reason: 'out for delivery' },
  DeliveryFailure_Other: { status: 'ATTEMPT_FAIL', reason: 'delivery failed' },
  DeliveryFailure_NoBody: { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE', reason: 'nobody home' },
  DeliveryFailure_Security: { status: 'ATTEMPT_FAIL', reason: 'security check' },
  DeliveryFailure_Rejected: { status: 'EXCEPTION', substatus: 'EXCEPTION.REFUSED', reason: 'the recipient refused it' },
  DeliveryFailure_InvalidAddress: { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.ADDRESS_ISSUE', reason: 'address invalid' },
  Delivered_Other: { status: 'DELIVERED', reason: 'delivered' },
  Exception_Returning: { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER', reason: 'returning to the sender' },
  Exception_Returned: { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER', reason: 'returned to the sender' },
  Exception_NoBody: { status: 'EXCEPTION', reason: 'no recipient' },
  Exception_Security: { status: 'EXCEPTION', reason: 'security' },
  Exception_Damage: { status: 'EXCEPTION', substatus: 'EXCEPTION.DAMAGED', reason: 'damaged' },
  Exception_Rejected: { status: 'EXCEPTION', substatus: 'EXCEPTION.REFUSED', reason: 'rejected' },
  Exception_Delayed: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DELAYED', reason: 'delayed' },
  Exception_Lost: { status: 'EXCEPTION', substatus: 'EXCEPTION.LOST', reason: 'lost' },
  Exception_Destroyed: { status: 'EXCEPTION', substatus: 'EXCEPTION.DAMAGED', reason: 'destroyed' },
  Exception_Cancel: { status: 'CANCELLED', substatus: 'CANCELLED.BY_CARRIER', reason: 'cancelled by the carrier' },
  Exception_Other: { status: 'EXCEPTION', reason: 'exception' },
});
