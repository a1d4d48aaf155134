import { loadEnv, runServiceMigrations } from '@parcelstream/service-runtime';
import { ShipmentServiceEnv } from './config/shipment-service.env';
import { shipmentDataSourceOptions } from './database/shipment-data-source';

runServiceMigrations(shipmentDataSourceOptions(loadEnv(ShipmentServiceEnv).DATABASE_URL)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
