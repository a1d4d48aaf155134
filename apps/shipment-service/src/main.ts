import { loadEnv, runService, ServiceModule } from '@parcelstream/service-runtime';
import { ShipmentConfigModule } from './config/shipment-config.module';
import { shipmentServiceConfigOf } from './config/shipment-service.config';
import { ShipmentServiceEnv } from './config/shipment-service.env';
import { SHIPMENTS_SCHEMA, shipmentDataSourceOptions } from './database/shipment-data-source';
import { KnownOrdersModule } from './known-orders/known-orders.module';
import { LogisticsPartnersModule } from './logistics-partners/logistics-partners.module';
import { ShipmentsModule } from './shipments/shipments.module';

async function bootstrap() {
  const env = loadEnv(ShipmentServiceEnv);
  const appModule = ServiceModule.forService({
    serviceName: 'shipment-service',
    schema: SHIPMENTS_SCHEMA,
    dataSource: shipmentDataSourceOptions(env.DATABASE_URL),
    imports: [ShipmentConfigModule.forRoot(shipmentServiceConfigOf(env)), LogisticsPartnersModule, KnownOrdersModule, ShipmentsModule],
  });
  await runService(appModule, { name: 'shipment-service', port: env.PORT, logLevel: env.LOG_LEVEL, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

void bootstrap();
