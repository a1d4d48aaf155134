import { type DynamicModule, Module } from '@nestjs/common';
import { TRACKING_CONFIG, type TrackingConfig } from './config/tracking-config';
import { TransitSamplesRepository } from './eta/transit-samples.repository';
import { IngestTrackingEventsUseCase } from './ingestion/ingest-tracking-events.use-case';
import { IngestWritesRepository } from './ingestion/ingest-writes.repository';
import { TrackingEventsRepository } from './ingestion/tracking-events.repository';
import { TrackingEventsController } from './ingestion/tracking.events.controller';
import { TrackingNumbersRepository } from './ingestion/tracking-numbers.repository';
import { GetOrderTrackingUseCase } from './queries/get-order-tracking.use-case';
import { GetTrackingUseCase } from './queries/get-tracking.use-case';
import { TrackingHttpController } from './queries/tracking.http.controller';
import { TrackingViewsRepository } from './queries/tracking-views.repository';
import { RecordShipmentsUseCase } from './shipments/record-shipments.use-case';
import { ShipmentDirectoryRepository } from './shipments/shipment-directory.repository';
import { StallSweeper } from './stalls/stall-sweeper';
import { SweepStallsUseCase } from './stalls/sweep-stalls.use-case';
import { RecomputeTimelinesUseCase } from './timeline/recompute-timelines.use-case';
import { ShipmentTrackingRepository } from './timeline/shipment-tracking.repository';

/** The tracking read model: ingestion, timelines, queries, the stall sweep. */
@Module({})
export class TrackingModule {
  static forRoot(config: TrackingConfig): DynamicModule {
    return {
      module: TrackingModule,
      controllers: [TrackingHttpController, TrackingEventsController],
      providers: [
        { provide: TRACKING_CONFIG, useValue: config },
        TrackingNumbersRepository,
        TrackingEventsRepository,
        IngestWritesRepository,
        ShipmentTrackingRepository,
        ShipmentDirectoryRepository,
        TransitSamplesRepository,
        TrackingViewsRepository,
        RecomputeTimelinesUseCase,
        IngestTrackingEventsUseCase,
        RecordShipmentsUseCase,
        GetTrackingUseCase,
        GetOrderTrackingUseCase,
        SweepStallsUseCase,
        StallSweeper,
      ],
    };
  }
}
