import { type DynamicModule, Global, Module } from '@nestjs/common';
import { RawPayloadArchive } from '../archive/raw-payload.archive';
import { CarrierApiClient } from '../carrier-api/carrier-api.client';
import { CircuitBreakers } from '../circuit-breaker/circuit-breaker';
import { CARRIER_SYNC_CONFIG, type CarrierSyncConfig } from '../config/carrier-sync.config';
import { TrackingEventPublisher } from '../normalization/tracking-event.publisher';
import { PollTargetsRepository } from '../polling/poll-targets.repository';
import { ShipmentsRepository } from '../shipments/shipments.repository';

/** What every carrier-sync feature shares: config, the shipment lookup, the archive, the publisher, the carrier client. */
@Global()
@Module({})
export class CarrierSyncCoreModule {
  static forRoot(config: CarrierSyncConfig): DynamicModule {
    const providers = [
      { provide: CARRIER_SYNC_CONFIG, useValue: config },
      { provide: CircuitBreakers, useFactory: () => new CircuitBreakers({ failureThreshold: config.circuit.failureThreshold, openMs: config.circuit.openMs }) },
      CarrierApiClient,
      ShipmentsRepository,
      PollTargetsRepository,
      RawPayloadArchive,
      TrackingEventPublisher,
    ];
    return { module: CarrierSyncCoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
