import { loadEnv, runService, ServiceModule } from '@parcelstream/service-runtime';
import { trackingConfigOf } from './config/tracking-config';
import { TrackingServiceEnv } from './config/tracking-service.env';
import { TRACKING_SCHEMA, trackingDataSourceOptions } from './database/tracking-data-source';
import { TrackingModule } from './tracking.module';

async function bootstrap() {
  const env = loadEnv(TrackingServiceEnv);
  const appModule = ServiceModule.forService({
    serviceName: 'tracking-service',
    schema: TRACKING_SCHEMA,
    dataSource: trackingDataSourceOptions(env.DATABASE_URL, env.DATABASE_POOL_SIZE),
    imports: [TrackingModule.forRoot(trackingConfigOf(env))],
    messaging: { chunkSize: env.CONSUMER_CHUNK_SIZE, fetchMaxBytesPerPartition: env.CONSUMER_FETCH_BYTES_PER_PARTITION, partitionsConcurrently: env.CONSUMER_PARTITIONS_CONCURRENTLY },
  });
  await runService(appModule, { name: 'tracking-service', port: env.PORT, logLevel: env.LOG_LEVEL, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

void bootstrap();
