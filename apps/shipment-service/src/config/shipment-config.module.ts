import { type DynamicModule, Module } from '@nestjs/common';
import { SHIPMENT_SERVICE_CONFIG, type ShipmentServiceConfig } from './shipment-service.config';

/** Makes the typed configuration injectable (`@Inject(SHIPMENT_SERVICE_CONFIG)`) in every feature module. */
@Module({})
export class ShipmentConfigModule {
  static forRoot(config: ShipmentServiceConfig): DynamicModule {
    return {
      module: ShipmentConfigModule,
      global: true,
      providers: [{ provide: SHIPMENT_SERVICE_CONFIG, useValue: config }],
      exports: [SHIPMENT_SERVICE_CONFIG],
    };
  }
}
