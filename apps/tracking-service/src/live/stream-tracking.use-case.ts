import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { DataSource } from 'typeorm';
import { LiveTimelineHub } from './live-timeline-hub';
import { LiveTrackingRepository } from './live-tracking.repository';
import type { SseResponse } from './sse-response';
import { TimelineStream } from './timeline-stream';

export interface StreamTrackingCommand {
  caller: Caller;
  trackingNumber: string;
  carrierCode?: string;
  /** the last version the client has (Last-Event-ID), null for a first connection */
  lastEventId: number | null;
  sse: SseResponse;
}

/**
 * Opens a live stream of a waybill's timeline, with the GET's rules: a number nobody knows is a 404 (before
 * anything is streamed), the public view for anyone, the full one for the order's buyer, seller and ops. The
 * stream follows the shipment the number names now (either leg's number: one timeline).
 */
@Injectable()
export class StreamTrackingUseCase {
  private readonly log = new Logger('LiveTracking');

  constructor(
    private readonly dataSource: DataSource,
    private readonly views: LiveTrackingRepository,
    private readonly hub: LiveTimelineHub,
  ) {}

  async execute({ caller, trackingNumber, carrierCode, lastEventId, sse }: StreamTrackingCommand): Promise<void> {
    const slot = this.hub.reserve();
    try {
      const number = trackingNumber.trim();
      const found = number.length > 0 && number.length <= 64 ? await this.views.current(this.dataSource, number, carrierCode ?? null, caller) : undefined;
      if (!found) throw new NotFoundException({ detail: `No tracking for ${trackingNumber}.` });
      const { binding, current } = found;
      const stream = new TimelineStream(
        binding,
        sse,
        (after, limit) => this.views.after(this.dataSource, binding, caller, after, limit),
        (e) => this.log.warn(`live stream of ${binding.shipmentId} ended on an error: ${e instanceof Error ? e.message : String(e)}`),
      );
      // registered before the first read of what follows: a change committed from now on is heard
      slot.attach(binding.shipmentId, stream);
      stream.start(current, lastEventId);
    } catch (e) {
      slot.release();
      throw e;
    }
  }
}
