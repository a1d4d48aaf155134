import { loadEnv, runServiceMigrations } from '@parcelstream/service-runtime';
import { OrderServiceEnv } from './config/order-service.env';
import { orderDataSourceOptions } from './database/order-data-source';

runServiceMigrations(orderDataSourceOptions(loadEnv(OrderServiceEnv).DATABASE_URL)).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
