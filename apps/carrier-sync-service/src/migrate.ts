import { loadEnv, runServiceMigrations } from '@parcelstream/service-runtime';
import { CarrierSyncServiceEnv } from './config/carrier-sync-service.env';
import { carrierSyncDataSourceOptions } from './database/carrier-sync-data-source';

runServiceMigrations(carrierSyncDataSourceOptions(loadEnv(CarrierSyncServiceEnv).DATABASE_URL)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
