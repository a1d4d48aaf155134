import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TrackingEventNormalizedEvent, type NormalizedTrackingEvent } from '@parcelstream/contracts';
import type { EventBatch } from '@parcelstream/nest-messaging';
import { RecordFirstScansUseCase } from './use-cases/record-first-scans.use-case';

/** Consumes `carrier.tracking-events.normalized.v1` for one fact: a shipment's first physical carrier scan. */
@Controller()
export class CarrierScansEventsController {
  constructor(private readonly recordFirstScans: RecordFirstScansUseCase) {}

  @EventPattern(TrackingEventNormalizedEvent.type)
  async onTrackingEvents(@Payload() batch: EventBatch<NormalizedTrackingEvent>): Promise<void> {
    await this.recordFirstScans.execute({ tx: batch.tx, events: batch.events.map((e) => e.payload) });
  }
}
