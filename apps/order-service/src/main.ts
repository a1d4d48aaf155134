import { loadEnv, runService, ServiceModule } from '@parcelstream/service-runtime';
import { OrderServiceEnv } from './config/order-service.env';
import { ORDERS_SCHEMA, orderDataSourceOptions } from './database/order-data-source';
import { OrdersModule } from './orders/orders.module';

async function bootstrap() {
  const env = loadEnv(OrderServiceEnv);
  const appModule = ServiceModule.forService({
    serviceName: 'order-service',
    schema: ORDERS_SCHEMA,
    dataSource: orderDataSourceOptions(env.DATABASE_URL),
    imports: [OrdersModule],
  });
  await runService(appModule, { name: 'order-service', port: env.PORT, logLevel: env.LOG_LEVEL, shutdownDelayMs: env.SHUTDOWN_DELAY_MS });
}

void bootstrap();
