import { loadEnv, runService, ServiceModule } from '@parcelstream/service-runtime';
import { TrackingServiceEnv } from './config/tracking-service.env';
import { TRACKING_SCHEMA, trackingDataSourceOptions } from './database/tracking-data-source';

async function bootstrap() {
  const env = loadEnv(TrackingServiceEnv);
  const appModule = ServiceModule.forService({
    serviceName: 'tracking-service',
    schema: TRACKING_SCHEMA,
    dataSource: trackingDataSourceOptions(env.DATABASE_URL),
    imports: [],
  });
  await runService(appModule, { name: 'tracking-service', port: env.PORT, logLevel: env.LOG_LEVEL, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

void bootstrap();
