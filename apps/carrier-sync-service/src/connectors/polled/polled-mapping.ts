import type { MappingTable } from '../connector';

/** The polled carrier (`sim-poll`) reports one-letter codes. */
export const POLLED_MAPPING: MappingTable = Object.freeze({
  M: { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED', reason: 'manifested' },
  A: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', reason: 'accepted' },
  D: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_FACILITY', reason: 'departed the origin facility' },
  E: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY', reason: 'export cleared, left the country' },
  L: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.IN_LINE_HAUL', reason: 'line-haul' },
  I: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY', reason: 'import: arrived in the destination country' },
  C: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING', reason: 'customs processing' },
  H: { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD', reason: 'held by customs' },
  P: { status: 'EXCEPTION', substatus: 'EXCEPTION.DUTIES_UNPAID', reason: 'duties payable' },
  R: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED', reason: 'released by customs' },
  F: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY', reason: 'arrived at a facility' },
  T: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE', reason: 'transferred to the last-mile carrier' },
  O: { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER', reason: 'out for delivery' },
  N: { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE', reason: 'not home' },
  K: { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT', reason: 'at a pickup kiosk' },
  S: { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED', reason: 'delivered, signed' },
  V: { status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR', reason: 'delivered, left at the door' },
  B: { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER', reason: 'back to sender' },
  Z: { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER', reason: 'returned to sender' },
  X: { status: 'EXCEPTION', substatus: 'EXCEPTION.LOST', reason: 'lost' },
  G: { status: 'EXCEPTION', substatus: 'EXCEPTION.DAMAGED', reason: 'damaged' },
});
