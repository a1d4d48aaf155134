import { loadEnv, runService, ServiceModule } from '@parcelstream/service-runtime';
import { CarrierSyncServiceEnv } from './config/carrier-sync-service.env';
import { CARRIER_SYNC_SCHEMA, carrierSyncDataSourceOptions } from './database/carrier-sync-data-source';

async function bootstrap() {
  const env = loadEnv(CarrierSyncServiceEnv);
  const appModule = ServiceModule.forService({
    serviceName: 'carrier-sync-service',
    schema: CARRIER_SYNC_SCHEMA,
    dataSource: carrierSyncDataSourceOptions(env.DATABASE_URL),
    imports: [],
  });
  await runService(appModule, { name: 'carrier-sync-service', port: env.PORT, logLevel: env.LOG_LEVEL, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

void bootstrap();
