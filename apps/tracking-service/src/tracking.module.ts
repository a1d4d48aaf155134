import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TRACKING_CONFIG, type TrackingConfig } from './config/tracking-config';
import { TransitSamplesRepository } from './eta/transit-samples.repository';
import { IngestTrackingEventsUseCase } from './ingestion/ingest-tracking-events.use-case';
import { LiveTimelineHub } from './live/live-timeline-hub';
import { LiveTrackingHttpController } from './live/live-tracking.http.controller';
import { LiveTrackingRepository } from './live/live-tracking.repository';
import { StreamTrackingUseCase } from './live/stream-tracking.use-case';
import { TimelineChangesListener } from './live/timeline-changes.listener';
import { IngestWritesRepository } from './ingestion/ingest-writes.repository';
import { TrackingEventsRepository } from './ingestion/tracking-events.repository';
import { TrackingEventsController } from './ingestion/tracking.events.controller';
import { TrackingNumbersRepository } from './ingestion/tracking-numbers.repository';
import { GetOrderTrackingUseCase } from './queries/get-order-tracking.use-case';
import { GetTrackingUseCase } from './queries/get-tracking.use-case';
import { TrackingHttpController } from './queries/tracking.http.controller';
import { TrackingLookupMiddleware } from './queries/tracking-lookup.middleware';
import { TrackingViewsRepository } from './queries/tracking-views.repository';
import { RecordShipmentsUseCase } from './shipments/record-shipments.use-case';
import { ShipmentDirectoryRepository } from './shipments/shipment-directory.repository';
import { StallSweeper } from './stalls/stall-sweeper';
import { SweepStallsUseCase } from './stalls/sweep-stalls.use-case';
import { PruneTimelineVersionsUseCase } from './timeline/prune-timeline-versions.use-case';
import { RecomputeTimelinesUseCase } from './timeline/recompute-timelines.use-case';
import { ShipmentTrackingRepository } from './timeline/shipment-tracking.repository';
import { TimelineVersionsRepository } from './timeline/timeline-versions.repository';

/** The tracking read model: ingestion, timelines, queries, live streams, the stall sweep. */
@Module({})
export class TrackingModule implements NestModule {
  static forRoot(config: TrackingConfig): DynamicModule {
    return {
      module: TrackingModule,
      controllers: [TrackingHttpController, LiveTrackingHttpController, TrackingEventsController],
      providers: [
        { provide: TRACKING_CONFIG, useValue: config },
        TrackingNumbersRepository,
        TrackingEventsRepository,
        IngestWritesRepository,
        ShipmentTrackingRepository,
        TimelineVersionsRepository,
        ShipmentDirectoryRepository,
        TransitSamplesRepository,
        TrackingViewsRepository,
        RecomputeTimelinesUseCase,
        IngestTrackingEventsUseCase,
        RecordShipmentsUseCase,
        GetTrackingUseCase,
        GetOrderTrackingUseCase,
        SweepStallsUseCase,
        PruneTimelineVersionsUseCase,
        StallSweeper,
        LiveTrackingRepository,
        LiveTimelineHub,
        StreamTrackingUseCase,
        TimelineChangesListener,
      ],
    };
  }

  /** waybill lookups with a view to give are answered below the route chain (TrackingLookupMiddleware) */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TrackingLookupMiddleware).forRoutes({ path: 'tracking/:trackingNumber', method: RequestMethod.GET });
  }
}
