import type { INestApplication } from '@nestjs/common';
import { KafkajsAdapter, type KafkaPort } from '@parcelstream/messaging';
import { createServiceApp, runServiceMigrations, ServiceModule } from '@parcelstream/service-runtime';
import { createPlatformDatabase, uniqueName } from '@parcelstream/testing';
import { DataSource } from 'typeorm';
import { ShipmentConfigModule } from '../../src/config/shipment-config.module';
import { DEFAULT_SHIPMENT_SERVICE_CONFIG, type ShipmentServiceConfig } from '../../src/config/shipment-service.config';
import { SHIPMENTS_SCHEMA, shipmentDataSourceOptions } from '../../src/database/shipment-data-source';
import { KnownOrdersModule } from '../../src/known-orders/known-orders.module';
import { LogisticsPartnersModule } from '../../src/logistics-partners/logistics-partners.module';
import { ShipmentsModule } from '../../src/shipments/shipments.module';

export interface ShipmentServiceUnderTest {
  app: INestApplication;
  baseUrl: string;
  /** the service's own connection (role shipments_svc) */
  db: DataSource;
  /** the test's own Kafka client: publishes consumed events, collects produced ones */
  kafka: KafkaPort;
  close(): Promise<void>;
}

export function brokers(): string[] {
  const b = process.env.KAFKA_BROKERS;
  if (!b) throw new Error('KAFKA_BROKERS is not set (the jest globalSetup provides it)');
  return b.split(',');
}

/**
 * The real shipment-service, in-process: a fresh database with the platform's roles, its migrations, its
 * real feature modules, the real broker, and a consumer group of its own (which reads the shared topics from
 * the beginning, so tests assert on their own ids only).
 */
export async function startShipmentService(verification: Partial<ShipmentServiceConfig['verification']> = {}): Promise<ShipmentServiceUnderTest> {
  const database = await createPlatformDatabase();
  const url = database.urls['shipment-service'];
  await runServiceMigrations(shipmentDataSourceOptions(url), () => undefined);
  const config: ShipmentServiceConfig = {
    ...DEFAULT_SHIPMENT_SERVICE_CONFIG,
    verification: { ...DEFAULT_SHIPMENT_SERVICE_CONFIG.verification, ...verification },
  };
  const app = await createServiceApp(
    ServiceModule.forService({
      serviceName: 'shipment-service',
      schema: SHIPMENTS_SCHEMA,
      dataSource: shipmentDataSourceOptions(url),
      imports: [ShipmentConfigModule.forRoot(config), LogisticsPartnersModule, KnownOrdersModule, ShipmentsModule],
      messaging: { brokers: brokers(), consumerGroup: uniqueName('shipment-service'), retryDelaysMs: [200, 500] },
    }),
    { name: 'shipment-service', port: 0, logLevel: process.env.TEST_LOG_LEVEL ?? 'fatal' },
  );
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const kafka = new KafkajsAdapter({ clientId: uniqueName('shipment-service-test'), brokers: brokers() });
  return {
    app,
    baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    db: app.get(DataSource),
    kafka,
    close: async () => {
      await kafka.close();
      await app.close();
      await database.drop();
    },
  };
}
