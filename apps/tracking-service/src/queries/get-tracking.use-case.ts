import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { DataSource } from 'typeorm';
import { LookupBatches } from './lookup-batches';
import type { TrackingView } from './tracking.view';
import { type TrackingLookup, TrackingViewsRepository } from './tracking-views.repository';

export interface GetTrackingCommand {
  caller: Caller;
  trackingNumber: string;
  carrierCode?: string;
}

/** lookup queries at a time (of the service's pool, which ingestion shares) and lookups per query */
export const LOOKUP_QUERIES_IN_FLIGHT = 4;
export const LOOKUPS_PER_QUERY = 64;

/**
 * One waybill's timeline: the public view for anyone, the full view for the order's buyer, seller and ops.
 * Concurrent lookups share queries (LookupBatches); each keeps its own caller, so ownership is still decided
 * per lookup in SQL.
 */
@Injectable()
export class GetTrackingUseCase {
  private readonly batches: LookupBatches<TrackingLookup, TrackingView | undefined>;

  constructor(dataSource: DataSource, views: TrackingViewsRepository) {
    this.batches = new LookupBatches((lookups) => views.byTrackingNumbers(dataSource, lookups), LOOKUP_QUERIES_IN_FLIGHT, LOOKUPS_PER_QUERY);
  }

  /** The view, or undefined when there is none for this caller to see (an unusable number included). */
  async find({ caller, trackingNumber, carrierCode }: GetTrackingCommand): Promise<TrackingView | undefined> {
    const number = trackingNumber.trim();
    if (number.length === 0 || number.length > 64) return undefined;
    return this.batches.lookup({ trackingNumber: number, carrierCode: carrierCode ?? null, caller });
  }

  async execute(command: GetTrackingCommand): Promise<TrackingView> {
    const view = await this.find(command);
    if (!view) throw new NotFoundException({ detail: `No tracking for ${command.trackingNumber}.` });
    return view;
  }
}
