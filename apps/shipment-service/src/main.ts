import { loadEnv, runService, ServiceModule } from '@parcelstream/service-runtime';
import { ShipmentServiceEnv } from './config/shipment-service.env';
import { SHIPMENTS_SCHEMA, shipmentDataSourceOptions } from './database/shipment-data-source';

async function bootstrap() {
  const env = loadEnv(ShipmentServiceEnv);
  const appModule = ServiceModule.forService({
    serviceName: 'shipment-service',
    schema: SHIPMENTS_SCHEMA,
    dataSource: shipmentDataSourceOptions(env.DATABASE_URL),
    imports: [],
  });
  await runService(appModule, { name: 'shipment-service', port: env.PORT, logLevel: env.LOG_LEVEL, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

void bootstrap();
