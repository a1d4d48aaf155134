import type { MappingTable } from '../connector';

/**
 * The aggregator-style push (AfterShip-like tag/subtag vocabulary, carrier `sim-track`): raw code = subtag.
 * Data, not code: a new subtag is a new row (and the archive can re-normalise what arrived before it).
 */
export const AFTERSHIP_MAPPING: MappingTable = Object.freeze({
  Pending_001: { status: 'PENDING', reason: 'no information yet' },
  InfoReceived_001: { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED', reason: 'the carrier received the shipper\'s request' },
  InTransit_001: { status: 'IN_TRANSIT', reason: 'shipment on the way' },
  InTransit_002: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', reason: 'acceptance scan' },
  InTransit_003: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', reason: 'arrival scan' },
  InTransit_004: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY', reason: 'arrived at the destination country' },
  InTransit_005: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED', reason: 'customs clearance completed' },
  InTransit_006: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING', reason: 'customs clearance started' },
  InTransit_007: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_FACILITY', reason: 'departure scan' },
  InTransit_008: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', reason: 'export: left the origin country' },
  InTransit_009: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.IN_LINE_HAUL', reason: 'line-haul (air or sea)' },
  InTransit_010: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE', reason: 'handed over to the last-mile carrier' },
  OutForDelivery_001: { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER', reason: 'out for delivery' },
  AttemptFail_001: { status: 'ATTEMPT_FAIL', reason: 'delivery attempt failed' },
  AttemptFail_002: { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE', reason: 'recipient not available' },
  AttemptFail_003: { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.BUSINESS_CLOSED', reason: 'business closed' },
  AvailableForPickup_001: { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT', reason: 'ready at a pickup point' },
  Delivered_001: { status: 'DELIVERED', reason: 'delivered' },
  Delivered_002: { status: 'DELIVERED', substatus: 'DELIVERED.PICKED_UP_BY_RECIPIENT', reason: 'picked up by the recipient' },
  Delivered_003: { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED', reason: 'signed for' },
  Delivered_004: { status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR', reason: 'left at the door' },
  Exception_002: { status: 'EXCEPTION', substatus: 'EXCEPTION.ADDRESS_ISSUE', reason: 'address problem' },
  Exception_003: { status: 'EXCEPTION', substatus: 'EXCEPTION.REFUSED', reason: 'refused by the recipient' },
  Exception_004: { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD', reason: 'held by customs' },
  Exception_005: { status: 'EXCEPTION', substatus: 'EXCEPTION.DUTIES_UNPAID', reason: 'duties due before release' },
  Exception_006: { status: 'EXCEPTION', substatus: 'EXCEPTION.DAMAGED', reason: 'damaged' },
  Exception_011: { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER', reason: 'on its way back to the sender' },
  Exception_012: { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER', reason: 'returned to the sender' },
  Exception_013: { status: 'EXCEPTION', substatus: 'EXCEPTION.LOST', reason: 'lost' },
  Expired_001: { status: 'EXPIRED', substatus: 'EXPIRED.NO_SCANS', reason: 'no scans for too long' },
});
