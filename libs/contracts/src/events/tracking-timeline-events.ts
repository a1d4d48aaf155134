import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Topics } from '../topics/topic-catalog';
import { TRACKING_STATUSES, type TrackingStatus } from '../tracking/tracking-status';
import { defineEvent } from './event-contract';

/** What moved in a timeline change (several at once when one batch moved several). */
export const TIMELINE_CHANGE_KINDS = ['EVENTS', 'STATUS', 'ACTION_REQUIRED', 'LOCATION', 'CUSTOMS', 'ETA', 'LEGS'] as const;
export type TimelineChangeKind = (typeof TIMELINE_CHANGE_KINDS)[number];

/**
 * A shipment's tracking timeline reached a new version: one event per change, `version` counting 1, 2, 3… per
 * shipment (the live streams' `id:`). Key: shipmentId. It names what changed, not the timeline itself: readers
 * take the view from tracking-service (ids and statuses only, no personal data, no locations).
 */
export class TrackingTimelineChanged {
  @IsUUID()
  shipmentId!: string;

  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TIMELINE_CHANGE_KINDS.length)
  @IsIn(TIMELINE_CHANGE_KINDS, { each: true })
  changes!: TimelineChangeKind[];

  @IsIn(TRACKING_STATUSES)
  status!: TrackingStatus;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  substatus?: string;

  /** events on the timeline at this version */
  @IsInt()
  @Min(0)
  eventCount!: number;

  @IsDateString()
  changedAt!: string;
}

export const TrackingTimelineChangedEvent = defineEvent('parcelstream.tracking.timeline.changed.v1', Topics.TrackingTimelineChanges, TrackingTimelineChanged);
