import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { DataSource } from 'typeorm';
import type { TrackingView } from './tracking.view';
import { TrackingViewsRepository } from './tracking-views.repository';

export interface GetTrackingCommand {
  caller: Caller;
  trackingNumber: string;
  carrierCode?: string;
}

/** One waybill's timeline: the public view for anyone, the full view for the order's buyer, seller and ops. */
@Injectable()
export class GetTrackingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: TrackingViewsRepository,
  ) {}

  async execute({ caller, trackingNumber, carrierCode }: GetTrackingCommand): Promise<TrackingView> {
    const number = trackingNumber.trim();
    const view = number.length > 0 && number.length <= 64 ? await this.views.byTrackingNumber(this.dataSource, number, carrierCode ?? null, caller) : undefined;
    if (!view) throw new NotFoundException({ detail: `No tracking for ${trackingNumber}.` });
    return view;
  }
}
