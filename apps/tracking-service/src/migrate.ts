import { loadEnv, runServiceMigrations } from '@parcelstream/service-runtime';
import { TrackingServiceEnv } from './config/tracking-service.env';
import { trackingDataSourceOptions } from './database/tracking-data-source';

runServiceMigrations(trackingDataSourceOptions(loadEnv(TrackingServiceEnv).DATABASE_URL)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
