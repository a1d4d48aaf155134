import type { TrackingStatus, TrackingSubstatus } from '@parcelstream/contracts';

/**
 * The steps a simulated parcel goes through, in the simulator's own words. Each carrier dialect says every
 * milestone in its vocabulary (`src/carriers/*.dialect.ts`); `CANONICAL` is what the milestone means on the
 * platform's canonical scale (SPEC §3), before any dialect loses detail.
 */
export const MILESTONES = [
  'LABEL_CREATED',
  'PICKED_UP',
  'ARRIVED_AT_FACILITY',
  'DEPARTED_ORIGIN_FACILITY',
  'DEPARTED_ORIGIN_COUNTRY',
  'IN_LINE_HAUL',
  'ARRIVED_DESTINATION_COUNTRY',
  'CUSTOMS_PROCESSING',
  'CUSTOMS_HELD',
  'DUTIES_DUE',
  'CUSTOMS_RELEASED',
  'HANDED_TO_LAST_MILE',
  'OUT_FOR_DELIVERY',
  'ATTEMPT_FAILED',
  'AT_PICKUP_POINT',
  'DELIVERED_SIGNED',
  'DELIVERED_LEFT_AT_DOOR',
  'COLLECTED_BY_RECIPIENT',
  'RETURNING',
  'RETURNED',
] as const;
export type Milestone = (typeof MILESTONES)[number];

export interface CanonicalMeaning {
  status: TrackingStatus;
  substatus: TrackingSubstatus;
}

export const CANONICAL: Readonly<Record<Milestone, CanonicalMeaning>> = {
  LABEL_CREATED: { status: 'INFO_RECEIVED', substatus: 'INFO_RECEIVED.LABEL_CREATED' },
  PICKED_UP: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP' },
  ARRIVED_AT_FACILITY: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_AT_FACILITY' },
  DEPARTED_ORIGIN_FACILITY: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_FACILITY' },
  DEPARTED_ORIGIN_COUNTRY: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.DEPARTED_ORIGIN_COUNTRY' },
  IN_LINE_HAUL: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.IN_LINE_HAUL' },
  ARRIVED_DESTINATION_COUNTRY: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.ARRIVED_DESTINATION_COUNTRY' },
  CUSTOMS_PROCESSING: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_PROCESSING' },
  CUSTOMS_HELD: { status: 'EXCEPTION', substatus: 'EXCEPTION.CUSTOMS_HELD' },
  DUTIES_DUE: { status: 'EXCEPTION', substatus: 'EXCEPTION.DUTIES_UNPAID' },
  CUSTOMS_RELEASED: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.CUSTOMS_RELEASED' },
  HANDED_TO_LAST_MILE: { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.HANDED_TO_LAST_MILE' },
  OUT_FOR_DELIVERY: { status: 'OUT_FOR_DELIVERY', substatus: 'OUT_FOR_DELIVERY.WITH_COURIER' },
  ATTEMPT_FAILED: { status: 'ATTEMPT_FAIL', substatus: 'ATTEMPT_FAIL.RECIPIENT_UNAVAILABLE' },
  AT_PICKUP_POINT: { status: 'AVAILABLE_FOR_PICKUP', substatus: 'AVAILABLE_FOR_PICKUP.AT_PICKUP_POINT' },
  DELIVERED_SIGNED: { status: 'DELIVERED', substatus: 'DELIVERED.SIGNED' },
  DELIVERED_LEFT_AT_DOOR: { status: 'DELIVERED', substatus: 'DELIVERED.LEFT_AT_DOOR' },
  COLLECTED_BY_RECIPIENT: { status: 'DELIVERED', substatus: 'DELIVERED.PICKED_UP_BY_RECIPIENT' },
  RETURNING: { status: 'RETURNING', substatus: 'RETURNING.TO_SENDER' },
  RETURNED: { status: 'RETURNED', substatus: 'RETURNED.TO_SENDER' },
};

/** A journey is over once one of these is reached. */
export const FINAL_MILESTONES: ReadonlySet<Milestone> = new Set(['DELIVERED_SIGNED', 'DELIVERED_LEFT_AT_DOOR', 'COLLECTED_BY_RECIPIENT', 'RETURNED']);
